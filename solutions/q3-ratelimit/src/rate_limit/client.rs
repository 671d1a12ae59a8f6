//! Who is limited: the IP address of the TCP peer.

use std::{
    fmt,
    hash::{Hash, Hasher},
    net::{IpAddr, Ipv4Addr, SocketAddr},
};

/// A client, as the limiter counts it: the peer's IP address, never a
/// header. `X-Forwarded-For`, `Forwarded` and `X-Real-IP` are written by the
/// client itself unless a trusted proxy sets them, and this service is not
/// behind one; honouring them would let anyone escape the limit or exhaust
/// another client's budget.
///
/// An IPv4 address seen on a dual-stack socket (`::ffff:1.2.3.4`) counts as
/// that IPv4 address. Each IPv6 address is its own client, as the contract
/// says; behind a real deployment one would rather key IPv6 by /64 prefix,
/// which one host usually owns whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientKey(IpAddr);

/// One write of the address's bits: `IpAddr`'s derived `Hash` makes three
/// (variant, length, bytes), and hashing is a good part of a decision.
/// Equal keys still hash equally; IPv4 and IPv6 write different widths.
impl Hash for ClientKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.0 {
            IpAddr::V4(ip) => state.write_u32(ip.to_bits()),
            IpAddr::V6(ip) => state.write_u128(ip.to_bits()),
        }
    }
}

impl ClientKey {
    /// Every request without a peer address (not TCP, e.g. a test request
    /// built in memory) shares this one budget.
    pub const UNKNOWN: Self = Self(IpAddr::V4(Ipv4Addr::UNSPECIFIED));

    /// The client behind a connection; see [`ClientKey::UNKNOWN`].
    pub fn from_peer(peer: Option<SocketAddr>) -> Self {
        peer.map_or(Self::UNKNOWN, |peer| Self::from(peer.ip()))
    }

    pub fn ip(self) -> IpAddr {
        self.0
    }
}

impl From<IpAddr> for ClientKey {
    fn from(ip: IpAddr) -> Self {
        Self(ip.to_canonical())
    }
}

impl fmt::Display for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(peer: &str) -> ClientKey {
        ClientKey::from_peer(Some(peer.parse().unwrap()))
    }

    #[test]
    fn the_port_does_not_matter() {
        assert_eq!(key("127.0.0.2:4000"), key("127.0.0.2:5000"));
        assert_ne!(key("127.0.0.2:4000"), key("127.0.0.3:4000"));
    }

    #[test]
    fn an_ipv4_mapped_address_is_the_ipv4_client() {
        assert_eq!(key("[::ffff:127.0.0.2]:4000"), key("127.0.0.2:4000"));
        assert_eq!(key("[::ffff:127.0.0.2]:4000").to_string(), "127.0.0.2");
    }

    #[test]
    fn requests_without_a_peer_share_one_key() {
        assert_eq!(ClientKey::from_peer(None), ClientKey::UNKNOWN);
    }
}
