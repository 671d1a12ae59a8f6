//! One HTTP/1.1 exchange over a plain TCP socket, reading the answer while
//! the request is still being written.
//!
//! A service may refuse an oversized body with `413` before reading it, then
//! close the connection. A client that first writes the whole body (as
//! hyper does) then sees a reset, and the answer is lost although it was
//! sent. Reading concurrently keeps it: data that arrived before the reset
//! is still readable.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What came back: status, headers (lower-cased names) and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Most bytes of an answer kept. Larger than any body a check sends, so a
/// service echoing a large body back is read whole; past it, the answer is
/// cut at exactly this size, never wherever a read happened to end.
const ANSWER_CAP: usize = 4 * 1024 * 1024;

pub async fn exchange(
    address: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
    timeout: Duration,
) -> std::io::Result<RawAnswer> {
    let stream = tokio::time::timeout(timeout, TcpStream::connect(address))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "connect timed out"))??;
    let (mut reader, mut writer) = stream.into_split();
    let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    // A check may set its own Host (to test that it is not trusted).
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        request.push_str(&format!("Host: {address}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut payload = request.into_bytes();
    payload.extend_from_slice(body);
    // Write errors (the service closed early) are expected; the answer decides.
    let write = tokio::spawn(async move {
        let _ = writer.write_all(&payload).await;
        // No half-close: some servers (uvicorn) drop a request whose client
        // shut its write side, unanswered. The write half stays open until
        // the answer is read and this task is aborted.
        std::future::pending::<()>().await;
        drop(writer);
    });

    let mut received = Vec::new();
    let read = tokio::time::timeout(timeout, async {
        let mut chunk = vec![0u8; 16 * 1024];
        loop {
            match reader.read(&mut chunk).await {
                Ok(0) => break,
                Ok(read) => {
                    received.extend_from_slice(&chunk[..read]);
                    if received.len() > ANSWER_CAP || complete(&received) {
                        break;
                    }
                }
                // A reset after the answer arrived: keep what we have.
                Err(error) if received.is_empty() => return Err(error),
                Err(_) => break,
            }
        }
        Ok(())
    })
    .await;
    write.abort();
    received.truncate(ANSWER_CAP);
    match read {
        Err(_) if received.is_empty() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "no answer in time",
            ));
        }
        Ok(Err(error)) => return Err(error),
        _ => {}
    }
    parse(&received).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the answer is not a valid HTTP response",
        )
    })
}

/// Whether `received` holds a whole answer with a `Content-Length` body.
fn complete(received: &[u8]) -> bool {
    let Some(head_end) = find(received, b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&received[..head_end]).to_ascii_lowercase();
    head.lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|length| length.trim().parse::<usize>().ok())
        .is_some_and(|length| received.len() >= head_end + 4 + length)
}

fn parse(received: &[u8]) -> Option<RawAnswer> {
    let head_end = find(received, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&received[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let mut body = received[head_end + 4..].to_vec();
    let header = |wanted: &str| {
        headers
            .iter()
            .find(|(name, _)| name == wanted)
            .map(|(_, value)| value.as_str())
    };
    if header("transfer-encoding").is_some_and(|value| value.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body);
    } else if let Some(length) =
        header("content-length").and_then(|length| length.parse::<usize>().ok())
    {
        body.truncate(length);
    }
    Some(RawAnswer {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(line_end) = find(data, b"\r\n") {
        let size = std::str::from_utf8(&data[..line_end])
            .ok()
            .and_then(|line| {
                usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16).ok()
            });
        let Some(size) = size.filter(|size| *size > 0) else {
            break;
        };
        let start = line_end + 2;
        let end = (start + size).min(data.len());
        body.extend_from_slice(&data[start..end]);
        data = &data[(end + 2).min(data.len())..];
    }
    body
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_answer_with_a_content_length() {
        let answer = parse(b"HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\ncontent-length: 13\r\n\r\n{\"error\":\"x\"}")
            .unwrap_or_else(|| panic!("not parsed"));
        assert_eq!(answer.status, 413);
        assert_eq!(
            answer.headers[0],
            ("content-type".to_owned(), "application/json".to_owned())
        );
        assert_eq!(answer.body, b"{\"error\":\"x\"}");
    }

    #[test]
    fn parses_a_chunked_answer() {
        let answer = parse(b"HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n")
            .unwrap_or_else(|| panic!("not parsed"));
        assert_eq!(answer.body, b"{\"a\":1}");
    }

    #[test]
    fn knows_when_an_answer_is_complete() {
        assert!(complete(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        assert!(!complete(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok"));
        assert!(!complete(b"HTTP/1.1 200 OK\r\nContent-Len"));
    }
}
