//! Where Murphy may send webhooks. By default only to the public internet: an address that
//! is loopback, private, link-local, unique-local, shared (carrier NAT), multicast,
//! broadcast, reserved or unspecified is refused, so that a webhook cannot be aimed at
//! Murphy's own machine, its database, a cloud metadata service or anything else inside the
//! network. Operators name the internal receivers they trust in `MURPHY_WEBHOOK_ALLOW`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

/// The internal destinations an operator allows, beyond the public internet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Destinations {
    networks: Vec<IpNet>,
    /// Lowercased host names; `*.example.internal` allows every name under it.
    hosts: Vec<String>,
}

impl Destinations {
    /// The public internet only: what Murphy allows when nothing more is configured.
    pub const PUBLIC_ONLY: Destinations = Destinations {
        networks: Vec::new(),
        hosts: Vec::new(),
    };

    /// Reads a comma-separated list of networks (`10.1.0.0/16`), addresses (`127.0.0.1`,
    /// `::1`) and host names (`hooks.internal`, `*.corp.example`).
    pub fn parse(spec: &str) -> Result<Destinations, String> {
        let mut allowed = Destinations::default();
        for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if let Ok(net) = entry.parse::<IpNet>() {
                allowed.networks.push(net.trunc());
            } else if let Ok(ip) = entry.trim_matches(['[', ']']).parse::<IpAddr>() {
                allowed.networks.push(IpNet::from(ip));
            } else if is_host_pattern(entry) {
                allowed.hosts.push(entry.to_ascii_lowercase());
            } else {
                return Err(format!(
                    "\"{entry}\" is not a network (10.0.0.0/8), an address or a host name"
                ));
            }
        }
        Ok(allowed)
    }

    /// Whether a webhook may be sent to `ip`: a public address, or one the operator allows.
    /// `Err` says what kind of address it is.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), &'static str> {
        match internal_kind(ip) {
            Some(_) if self.networks.iter().any(|n| n.contains(&ip)) => Ok(()),
            Some(kind) => Err(kind),
            None => Ok(()),
        }
    }

    /// Whether the operator allows the host name `host` (whatever it resolves to).
    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts.iter().any(|h| match h.strip_prefix("*.") {
            Some(parent) => host
                .strip_suffix(parent)
                .is_some_and(|head| head.ends_with('.')),
            None => *h == host,
        })
    }
}

/// The host a webhook URL names, read as browsers and HTTP clients read it (so
/// `http://2130706433/` is 127.0.0.1 and `http://[::ffff:7f00:1]/` is too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Ip(IpAddr),
    Name(String),
}

/// The host and port of an http(s) URL, if it has a host.
pub fn host_of(url: &str) -> Option<(Host, u16)> {
    let url = url::Url::parse(url).ok()?;
    let port = url.port_or_known_default()?;
    let host = match url.host()? {
        url::Host::Ipv4(ip) => Host::Ip(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => Host::Ip(IpAddr::V6(ip)),
        url::Host::Domain(name) => Host::Name(name.to_owned()),
    };
    Some((host, port))
}

fn is_host_pattern(entry: &str) -> bool {
    let name = entry.strip_prefix("*.").unwrap_or(entry);
    !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// What kind of internal address `ip` is, or `None` for a public one.
pub fn internal_kind(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => internal_v6(v6),
    }
}

fn internal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    match () {
        _ if ip.is_unspecified() || a == 0 => Some("an unspecified address"),
        _ if ip.is_loopback() => Some("a loopback address"),
        _ if ip.is_private() => Some("a private address"),
        _ if ip.is_link_local() => Some("a link-local address"),
        _ if a == 100 && (64..128).contains(&b) => Some("a shared (carrier NAT) address"),
        _ if ip.is_multicast() => Some("a multicast address"),
        _ if ip.is_broadcast() => Some("the broadcast address"),
        _ if a >= 240 => Some("a reserved address"),
        _ if a == 192 && b == 0 && ip.octets()[2] == 0 => Some("a reserved address"),
        _ => None,
    }
}

fn internal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return internal_v4(v4);
    }
    let first = ip.segments()[0];
    match () {
        _ if ip.is_unspecified() => Some("an unspecified address"),
        _ if ip.is_loopback() => Some("a loopback address"),
        _ if ip.is_multicast() => Some("a multicast address"),
        _ if first & 0xfe00 == 0xfc00 => Some("a unique-local address"),
        _ if first & 0xffc0 == 0xfe80 => Some("a link-local address"),
        _ if first & 0xffc0 == 0xfec0 => Some("a site-local address"),
        // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
        _ if ip.segments()[..6] == [0x64, 0xff9b, 0, 0, 0, 0] => {
            let [.., c, d] = ip.segments();
            internal_v4(Ipv4Addr::from((u32::from(c) << 16) | u32::from(d)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_refused_by_default() {
        let none = Destinations::default();
        for (addr, kind) in [
            ("127.0.0.1", "a loopback address"),
            ("127.3.2.1", "a loopback address"),
            ("::1", "a loopback address"),
            ("169.254.169.254", "a link-local address"),
            ("fe80::1", "a link-local address"),
            ("10.0.0.1", "a private address"),
            ("172.16.5.4", "a private address"),
            ("192.168.1.1", "a private address"),
            ("fd12:3456::1", "a unique-local address"),
            ("100.64.0.1", "a shared (carrier NAT) address"),
            ("224.0.0.1", "a multicast address"),
            ("ff02::1", "a multicast address"),
            ("0.0.0.0", "an unspecified address"),
            ("::", "an unspecified address"),
            ("255.255.255.255", "the broadcast address"),
            ("::ffff:127.0.0.1", "a loopback address"),
            ("::ffff:10.1.2.3", "a private address"),
            ("64:ff9b::a9fe:a9fe", "a link-local address"),
        ] {
            assert_eq!(none.check_ip(ip(addr)), Err(kind), "{addr}");
        }
        for public in [
            "93.184.216.34",
            "2606:2800:220:1::1",
            "8.8.8.8",
            "172.32.0.1",
        ] {
            assert_eq!(none.check_ip(ip(public)), Ok(()), "{public}");
        }
    }

    #[test]
    fn hosts_are_read_as_http_clients_read_them() {
        let v4 = |s: &str| Host::Ip(ip(s));
        assert_eq!(host_of("http://2130706433/"), Some((v4("127.0.0.1"), 80)));
        assert_eq!(host_of("http://0x7f.1/"), Some((v4("127.0.0.1"), 80)));
        assert_eq!(
            host_of("http://user:pass@10.0.0.1:8080/x"),
            Some((v4("10.0.0.1"), 8080))
        );
        assert_eq!(host_of("https://[::1]/"), Some((v4("::1"), 443)));
        assert_eq!(
            host_of("https://Hooks.Example.com/murphy"),
            Some((Host::Name("hooks.example.com".into()), 443))
        );
        assert_eq!(host_of("https://"), None);
    }

    #[test]
    fn operators_allow_networks_addresses_and_names() {
        let allowed =
            Destinations::parse("10.20.0.0/16, 127.0.0.1, [::1], hooks.internal, *.corp.example")
                .unwrap();
        assert_eq!(allowed.check_ip(ip("10.20.3.4")), Ok(()));
        assert_eq!(allowed.check_ip(ip("10.21.0.1")), Err("a private address"));
        assert_eq!(allowed.check_ip(ip("127.0.0.1")), Ok(()));
        assert_eq!(allowed.check_ip(ip("127.0.0.2")), Err("a loopback address"));
        assert_eq!(allowed.check_ip(ip("::1")), Ok(()));
        assert!(allowed.allows_host("hooks.internal"));
        assert!(allowed.allows_host("HOOKS.internal."));
        assert!(allowed.allows_host("ci.corp.example"));
        assert!(!allowed.allows_host("corp.example"));
        assert!(!allowed.allows_host("evilcorp.example"));
        assert!(!allowed.allows_host("hooks.internal.evil.example"));
        assert!(Destinations::parse("10.0.0.0/33").is_err());
        assert!(Destinations::parse("http://x").is_err());
        assert_eq!(Destinations::parse(" , ").unwrap(), Destinations::default());
    }
}
