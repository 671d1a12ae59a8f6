# Sourced by the grading benchmarks: the reference solution of an exercise,
# in LANGUAGE (rust, the default; python; typescript).
solution_of() {
    local name
    case $1 in
        q1) name=q1-products ;;
        q2) name=q2-auth ;;
        q3) name=q3-ratelimit ;;
        *) echo "unknown exercise $1 (q1, q2 or q3)" >&2; exit 2 ;;
    esac
    case ${LANGUAGE:-rust} in
        rust) echo "solutions/$name" ;;
        python | typescript) echo "solutions/$LANGUAGE/$name" ;;
        *) echo "unknown LANGUAGE $LANGUAGE (rust, python or typescript)" >&2; exit 2 ;;
    esac
}
