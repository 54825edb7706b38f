//! Channel bindings in one package-neutral shape. SSPI hands over a
//! SEC_CHANNEL_BINDINGS blob, GSSAPI a gss_channel_bindings_struct; both
//! faces convert to this, and packages hash it the way RFC 4121 4.1.1.2
//! and [MS-NLMP] 2.2.2.1 (MsvAvChannelBindings) define.
use md5::{Digest, Md5};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChannelBindings {
    pub initiator_addrtype: u32,
    pub initiator_address: Vec<u8>,
    pub acceptor_addrtype: u32,
    pub acceptor_address: Vec<u8>,
    pub application_data: Vec<u8>,
}

impl ChannelBindings {
    /// Bindings that carry only application data (e.g. TLS "tls-server-end-point").
    pub fn application(data: &[u8]) -> Self {
        ChannelBindings {
            application_data: data.to_vec(),
            ..Default::default()
        }
    }

    /// MD5 over the flattened structure: each address type and length as
    /// 32-bit little-endian, as MIT and Windows compute it.
    pub fn md5(&self) -> [u8; 16] {
        let mut h = Md5::new();
        for (t, a) in [
            (self.initiator_addrtype, &self.initiator_address),
            (self.acceptor_addrtype, &self.acceptor_address),
        ] {
            h.update(t.to_le_bytes());
            h.update((a.len() as u32).to_le_bytes());
            h.update(a);
        }
        h.update((self.application_data.len() as u32).to_le_bytes());
        h.update(&self.application_data);
        h.finalize().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn empty_bindings_hash_is_md5_of_twenty_zero_bytes() {
        let expect: [u8; 16] = Md5::digest([0u8; 20]).into();
        assert_eq!(ChannelBindings::default().md5(), expect);
    }
}
