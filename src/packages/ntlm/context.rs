//! NTLM client and server state machines ([MS-NLMP] 3.1.5, 3.2.5):
//! NEGOTIATE → CHALLENGE → AUTHENTICATE, NTLMv2 with extended session
//! security, 128-bit keys, key exchange, MIC and channel bindings.
use std::sync::Arc;
#[cfg(not(feature = "fuzzing"))]
use std::time::SystemTime;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::config::{self, HOST};
use super::credentials::{NtlmCredential, UserKey};
use super::crypto::{
    hmac_md5, lmv2_response, nt_proof, ntowfv2, put_temp, rc4k, session_base_key, Key16,
    TEMP_FIXED_LEN,
};
use super::messages::*;
use super::protect::Session;
use crate::core::context::{KeyInfo, SecurityContext, Sizes, StepInput, StepOutput};
use crate::core::credential::Credential;
use crate::core::flags::Flags;
use crate::core::iov::IoBuf;
use crate::core::{Error, Result};
use crate::packages::PackageInfo;

/// SecPkgContext_Sizes for NTLM, as Windows reports them.
pub const SIZES: Sizes = Sizes {
    max_token: 2888,
    max_signature: 16,
    block_size: 0,
    security_trailer: 16,
};

/// CALG_HMAC and CALG_RC4 (wincrypt.h).
const CALG_HMAC: u32 = 0x8009;
const CALG_RC4: u32 = 0x6801;

/// What every client NEGOTIATE asks for ([MS-NLMP] 3.1.5.1.1), as Windows.
const CLIENT_BASE_FLAGS: u32 = NEGOTIATE_UNICODE
    | NEGOTIATE_OEM
    | REQUEST_TARGET
    | NEGOTIATE_NTLM
    | NEGOTIATE_ALWAYS_SIGN
    | NEGOTIATE_EXTENDED_SESSIONSECURITY
    | NEGOTIATE_TARGET_INFO
    | NEGOTIATE_VERSION
    | NEGOTIATE_128
    | NEGOTIATE_56
    | NEGOTIATE_KEY_EXCH;

/// Client flags the server grants when asked.
const SERVER_GRANTABLE: u32 = REQUEST_TARGET
    | NEGOTIATE_SIGN
    | NEGOTIATE_SEAL
    | NEGOTIATE_ALWAYS_SIGN
    | NEGOTIATE_VERSION
    | NEGOTIATE_128
    | NEGOTIATE_56
    | NEGOTIATE_KEY_EXCH
    | NEGOTIATE_IDENTIFY;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Client: nothing sent yet. Server: waiting for NEGOTIATE.
    Start,
    /// Client: NEGOTIATE sent. Server: CHALLENGE sent.
    Middle,
    Complete,
    /// A step failed; the context cannot continue.
    Failed,
}

/// Which side this context is, with the side's own data.
enum Role {
    Client {
        key: Arc<UserKey>,
        target: Option<String>,
    },
    Server {
        cred: Arc<Credential>,
        server_challenge: [u8; 8],
        challenge: Vec<u8>,
    },
}

pub struct NtlmContext {
    role: Role,
    state: State,
    /// Negotiated NegotiateFlags (the client's request until CHALLENGE).
    flags: u32,
    /// Our NEGOTIATE (client) or the peer's (server), for the MIC.
    negotiate: Vec<u8>,
    // Boxed: NtlmContext itself goes to the heap by a move of all its
    // bytes, and an inline `None` of a 16-byte key or of the ~2.2 KiB
    // Session would carry whatever the stack held there (earlier calls' NT
    // hashes, HMAC pads) into the heap, where no zeroizing drop covers it.
    exported: Option<Box<Key16>>,
    session: Option<Box<Session>>,
    client_name: Option<String>,
    /// The AUTHENTICATE message carried a MIC (ours always does), which
    /// makes SPNEGO's mechListMIC mandatory ([MS-SPNG] 3.1.5.1).
    mic_present: bool,
}

#[cfg(not(feature = "fuzzing"))]
fn random<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).map_err(|e| Error::Internal(format!("random source: {e}")))?;
    Ok(b)
}

#[cfg(not(feature = "fuzzing"))]
fn now_filetime() -> u64 {
    crate::core::time::to_filetime(SystemTime::now()) as u64
}

/// Fuzzing builds: fixed challenges, keys and clock, so that a recorded
/// handshake replays byte for byte (see `crate::fuzzing`).
#[cfg(feature = "fuzzing")]
fn random<const N: usize>() -> Result<[u8; N]> {
    Ok(crate::fuzzing::fixed_bytes())
}

#[cfg(feature = "fuzzing")]
fn now_filetime() -> u64 {
    crate::fuzzing::FILETIME
}

/// Context flags a set of NegotiateFlags grants.
fn granted(neg: u32) -> Flags {
    let mut f = Flags::CONNECTION;
    if neg & NEGOTIATE_SIGN != 0 {
        f |= Flags::INTEGRITY | Flags::REPLAY_DETECT | Flags::SEQUENCE_DETECT;
    }
    if neg & NEGOTIATE_SEAL != 0 {
        f |= Flags::CONFIDENTIALITY;
    }
    if neg & NEGOTIATE_IDENTIFY != 0 {
        f |= Flags::IDENTIFY;
    }
    f
}

/// Our policy on the peer's flags: Unicode, extended session security and
/// 128-bit keys whenever signing or sealing is in play.
fn check_policy(neg: u32, peer: &str) -> Result<()> {
    if neg & NEGOTIATE_UNICODE == 0 {
        return Err(Error::Downgrade(format!(
            "the {peer} does not use Unicode strings (OEM-only NTLM is not supported)"
        )));
    }
    if neg & NEGOTIATE_EXTENDED_SESSIONSECURITY == 0 {
        return Err(Error::Downgrade(format!(
            "the {peer} did not negotiate NTLM extended session security"
        )));
    }
    if neg & (NEGOTIATE_SIGN | NEGOTIATE_SEAL) != 0 && neg & NEGOTIATE_128 == 0 {
        return Err(Error::Downgrade(format!(
            "the {peer} did not negotiate 128-bit session keys"
        )));
    }
    Ok(())
}

impl NtlmContext {
    pub fn client(key: Arc<UserKey>, target: Option<&str>, req: Flags) -> Self {
        let mut flags = CLIENT_BASE_FLAGS;
        if req.intersects(Flags::INTEGRITY | Flags::REPLAY_DETECT | Flags::SEQUENCE_DETECT) {
            flags |= NEGOTIATE_SIGN;
        }
        if req.contains(Flags::CONFIDENTIALITY) {
            flags |= NEGOTIATE_SEAL;
        }
        if req.contains(Flags::IDENTIFY) {
            flags |= NEGOTIATE_IDENTIFY;
        }
        NtlmContext {
            role: Role::Client {
                key,
                target: target.map(str::to_string),
            },
            state: State::Start,
            flags,
            negotiate: Vec::new(),
            exported: None,
            session: None,
            client_name: None,
            mic_present: false,
        }
    }

    pub fn server(cred: Arc<Credential>) -> Self {
        NtlmContext {
            role: Role::Server {
                cred,
                server_challenge: [0; 8],
                challenge: Vec::new(),
            },
            state: State::Start,
            flags: 0,
            negotiate: Vec::new(),
            exported: None,
            session: None,
            client_name: None,
            mic_present: false,
        }
    }

    fn step_inner(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        match (&self.role, self.state) {
            (Role::Client { .. }, State::Start) => {
                if !input.token.is_empty() {
                    return Err(Error::InvalidToken(
                        "NTLM: the initiator's first step takes no token".into(),
                    ));
                }
                self.negotiate = Negotiate { flags: self.flags }.encode();
                self.state = State::Middle;
                Ok(StepOutput {
                    token: self.negotiate.clone(),
                    complete: false,
                })
            }
            (Role::Client { .. }, State::Middle) => self.client_authenticate(input),
            (Role::Server { .. }, State::Start) => self.server_challenge(input),
            (Role::Server { .. }, State::Middle) => self.server_verify(input),
            (_, State::Complete) => Err(Error::InvalidToken(
                "NTLM: the context is already complete".into(),
            )),
            (_, State::Failed) => Err(Error::InvalidToken(
                "NTLM: the context failed earlier and cannot continue".into(),
            )),
        }
    }

    /// Client: CHALLENGE in, AUTHENTICATE out ([MS-NLMP] 3.1.5.1.2).
    fn client_authenticate(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        let Role::Client { key, target } = &self.role else {
            return Err(Error::IncompleteContext);
        };
        let challenge = Challenge::decode(input.token)?;
        let neg = self.flags & challenge.flags;
        check_policy(neg, "server")?;
        let server_av = if challenge.target_info.is_empty() {
            AvPairs::default()
        } else {
            AvPairs::parse(challenge.target_info)?
        };
        let server_time = server_av.timestamp();

        // Our target info: the server's pairs, then MsvAvFlags (MIC),
        // MsvAvChannelBindings and MsvAvTargetName ([MS-NLMP] 3.1.5.1.2).
        let mut av = Vec::with_capacity(challenge.target_info.len() + 128);
        for (id, v) in &server_av.pairs {
            if !matches!(*id, AV_FLAGS | AV_CHANNEL_BINDINGS | AV_TARGET_NAME) {
                put_av(&mut av, *id, v);
            }
        }
        put_av(
            &mut av,
            AV_FLAGS,
            &(server_av.flags() | AV_FLAG_MIC_PRESENT).to_le_bytes(),
        );
        let cb = input.bindings.map(|b| b.md5()).unwrap_or([0; 16]);
        put_av(&mut av, AV_CHANNEL_BINDINGS, &cb);
        if let Some(t) = target {
            put_av(&mut av, AV_TARGET_NAME, &utf16le(t));
        }
        put_eol(&mut av);

        let rnd: Zeroizing<[u8; 24]> = Zeroizing::new(random()?);
        let mut client_challenge = [0u8; 8];
        client_challenge.copy_from_slice(&rnd[..8]);
        let mut nt = Vec::with_capacity(16 + TEMP_FIXED_LEN + av.len() + 4);
        nt.extend_from_slice(&[0; 16]);
        put_temp(
            &mut nt,
            server_time.unwrap_or_else(now_filetime),
            &client_challenge,
            &av,
        );
        let proof = nt_proof(&key.v2, &challenge.server_challenge, &nt[16..]);
        nt[..16].copy_from_slice(&proof);
        // With a server timestamp the LM response is Z(24) (3.1.5.1.2).
        let lm = if server_time.is_some() {
            [0u8; 24]
        } else {
            lmv2_response(&key.v2, &challenge.server_challenge, &client_challenge)
        };
        let key_exchange_key = session_base_key(&key.v2, &proof);
        let (exported, encrypted) = if neg & NEGOTIATE_KEY_EXCH != 0 {
            let mut k = Zeroizing::new([0u8; 16]);
            k.copy_from_slice(&rnd[8..]);
            let enc = rc4k(&key_exchange_key, &k);
            (k, enc.to_vec())
        } else {
            (key_exchange_key, Vec::new())
        };

        let domain = utf16le(&key.domain);
        let user = utf16le(&key.user);
        let workstation = utf16le(&HOST.netbios);
        let mut auth = Authenticate {
            lm_response: &lm,
            nt_response: &nt,
            domain: &domain,
            user: &user,
            workstation: &workstation,
            encrypted_session_key: &encrypted,
            flags: neg,
            payload_start: 0,
        }
        .encode();
        let mic = hmac_md5(&exported[..], &[&self.negotiate, input.token, &auth]);
        auth[MIC_OFFSET..MIC_OFFSET + 16].copy_from_slice(&mic);
        self.mic_present = true;

        self.client_name = Some(if key.domain.is_empty() {
            key.user.clone()
        } else {
            format!("{}\\{}", key.domain, key.user)
        });
        self.flags = neg;
        self.exported = Some(Box::new(exported));
        self.negotiate = Vec::new();
        self.state = State::Complete;
        Ok(StepOutput {
            token: auth,
            complete: true,
        })
    }

    /// Server: NEGOTIATE in, CHALLENGE out ([MS-NLMP] 3.2.5.1.1).
    fn server_challenge(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        let Role::Server {
            cred,
            server_challenge,
            challenge,
        } = &mut self.role
        else {
            return Err(Error::IncompleteContext);
        };
        let nego = Negotiate::decode(input.token)?;
        let neg = NEGOTIATE_UNICODE
            | NEGOTIATE_NTLM
            | NEGOTIATE_TARGET_INFO
            | TARGET_TYPE_DOMAIN
            | (nego.flags
                & (SERVER_GRANTABLE | NEGOTIATE_EXTENDED_SESSIONSECURITY | NEGOTIATE_UNICODE));
        // Policy on what the client asked for.
        check_policy(nego.flags, "client")?;
        *server_challenge = random()?;

        let ncred = ntlm_cred(cred)?;
        let domain = ncred.server_domain();
        let domain16 = utf16le(&domain);
        let dns_domain = if HOST.dns_domain.is_empty() {
            domain.to_lowercase()
        } else {
            HOST.dns_domain.clone()
        };
        let mut ti = Vec::with_capacity(160);
        put_av(&mut ti, AV_NB_DOMAIN_NAME, &domain16);
        put_av(&mut ti, AV_NB_COMPUTER_NAME, &utf16le(&HOST.netbios));
        put_av(&mut ti, AV_DNS_DOMAIN_NAME, &utf16le(&dns_domain));
        put_av(&mut ti, AV_DNS_COMPUTER_NAME, &utf16le(&HOST.dns));
        put_av(&mut ti, AV_TIMESTAMP, &now_filetime().to_le_bytes());
        put_eol(&mut ti);
        let target_name: &[u8] = if neg & REQUEST_TARGET != 0 {
            &domain16
        } else {
            &[]
        };
        *challenge = Challenge {
            flags: neg,
            target_name,
            server_challenge: *server_challenge,
            target_info: &ti,
        }
        .encode();
        self.negotiate = input.token.to_vec();
        self.flags = neg;
        self.state = State::Middle;
        Ok(StepOutput {
            token: challenge.clone(),
            complete: false,
        })
    }

    /// Server: AUTHENTICATE in ([MS-NLMP] 3.2.5.1.2). The NTProofStr is
    /// always recomputed from the user's password and compared; the MIC and
    /// channel bindings are checked on top of that, never instead of it.
    fn server_verify(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        let Role::Server {
            cred,
            server_challenge,
            challenge,
        } = &self.role
        else {
            return Err(Error::IncompleteContext);
        };
        let msg = input.token;
        let auth = Authenticate::decode(msg)?;
        if auth.user.is_empty() && auth.nt_response.is_empty() {
            return Err(Error::LogonDenied(
                "anonymous NTLM logons are not accepted".into(),
            ));
        }
        if auth.nt_response.len() == 24 || auth.nt_response.is_empty() {
            return Err(Error::Downgrade(config::v1_refusal()));
        }
        if auth.nt_response.len() < 16 + TEMP_FIXED_LEN + 4 {
            return Err(Error::InvalidToken(
                "NTLM: NTLMv2 response too short".into(),
            ));
        }
        let (proof_got, temp) = auth.nt_response.split_at(16);
        if temp[0] != 1 || temp[1] != 1 {
            return Err(Error::InvalidToken(
                "NTLM: unknown NTLMv2 response version".into(),
            ));
        }
        let client_av = AvPairs::parse(&temp[TEMP_FIXED_LEN..])?;
        let user = from_utf16le(auth.user, "user name")?;
        let domain = from_utf16le(auth.domain, "domain name")?;
        let ncred = ntlm_cred(cred)?;

        let key = ncred.lookup(&user, &domain)?;
        // NTOWFv2 uses the names exactly as the client sent them; the
        // entry's cached key serves when they are the same strings.
        let computed;
        let v2 = if key.user == user && key.domain == domain {
            &key.v2
        } else {
            computed = ntowfv2(&key.nt_hash, &user, &domain);
            &computed
        };
        let proof = nt_proof(v2, server_challenge, temp);
        if !bool::from(proof.ct_eq(proof_got)) {
            return Err(Error::LogonDenied(format!(
                "wrong password for user {domain}\\{user}"
            )));
        }

        if let Some(b) = input.bindings {
            let ok = client_av
                .get(AV_CHANNEL_BINDINGS)
                .is_some_and(|v| bool::from(v.ct_eq(&b.md5())));
            if !ok {
                return Err(Error::BadBindings);
            }
        }

        let neg = self.flags & auth.flags | (self.flags & NEGOTIATE_UNICODE);
        let key_exchange_key = session_base_key(v2, &proof);
        let exported = if neg & NEGOTIATE_KEY_EXCH != 0 {
            let enc: &[u8; 16] = auth.encrypted_session_key.try_into().map_err(|_| {
                Error::InvalidToken("NTLM: encrypted session key is not 16 bytes".into())
            })?;
            rc4k(&key_exchange_key, enc)
        } else {
            key_exchange_key
        };

        if client_av.flags() & AV_FLAG_MIC_PRESENT != 0 {
            if auth.payload_start < AUTH_HEADER_LEN || msg.len() < AUTH_HEADER_LEN {
                return Err(Error::InvalidToken(
                    "NTLM: the AUTHENTICATE message has no room for its MIC".into(),
                ));
            }
            let mic = hmac_md5(
                &exported[..],
                &[
                    &self.negotiate,
                    challenge,
                    &msg[..MIC_OFFSET],
                    &[0; 16],
                    &msg[AUTH_HEADER_LEN..],
                ],
            );
            if !bool::from(mic.ct_eq(&msg[MIC_OFFSET..AUTH_HEADER_LEN])) {
                return Err(Error::MessageAltered);
            }
            self.mic_present = true;
        }

        let shown_domain = if key.domain.is_empty() {
            &domain
        } else {
            &key.domain
        };
        self.client_name = Some(format!("{shown_domain}\\{}", key.user));
        self.flags = neg;
        self.exported = Some(Box::new(exported));
        self.negotiate = Vec::new();
        self.state = State::Complete;
        Ok(StepOutput {
            token: Vec::new(),
            complete: true,
        })
    }

    fn session(&mut self) -> Result<&mut Session> {
        if self.state != State::Complete {
            return Err(Error::IncompleteContext);
        }
        if self.session.is_none() {
            let exported = self.exported.as_ref().ok_or(Error::IncompleteContext)?;
            let initiator = matches!(self.role, Role::Client { .. });
            self.session = Some(Box::new(Session::new(exported, self.flags, initiator)));
        }
        self.session.as_deref_mut().ok_or(Error::IncompleteContext)
    }
}

pub fn ntlm_cred(cred: &Credential) -> Result<&NtlmCredential> {
    cred.inner
        .as_any()
        .downcast_ref::<NtlmCredential>()
        .ok_or_else(|| Error::UnknownCredentials("not an NTLM credential".into()))
}

impl SecurityContext for NtlmContext {
    fn package(&self) -> &'static PackageInfo {
        &super::INFO
    }

    fn step(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        let r = self.step_inner(input);
        if let Err(e) = &r {
            crate::trace!("NTLM step failed: {e}");
            self.state = State::Failed;
        }
        r
    }

    fn is_complete(&self) -> bool {
        self.state == State::Complete
    }

    fn is_initiator(&self) -> bool {
        matches!(self.role, Role::Client { .. })
    }

    fn flags(&self) -> Flags {
        if self.state == State::Complete {
            granted(self.flags)
        } else {
            Flags::NONE
        }
    }

    fn sizes(&self) -> Sizes {
        SIZES
    }

    fn client_name(&self) -> Option<String> {
        self.client_name.clone()
    }

    fn server_name(&self) -> Option<String> {
        match &self.role {
            Role::Client { target, .. } => target.clone(),
            Role::Server { .. } => None,
        }
    }

    fn session_key(&self) -> Result<Zeroizing<Vec<u8>>> {
        match (&self.exported, self.state) {
            (Some(k), State::Complete) => Ok(Zeroizing::new(k.to_vec())),
            _ => Err(Error::IncompleteContext),
        }
    }

    fn key_info(&self) -> Result<KeyInfo> {
        Ok(KeyInfo {
            signature_algorithm_name: "HMAC_MD5".into(),
            encrypt_algorithm_name: "RC4".into(),
            key_size: 128,
            signature_algorithm: CALG_HMAC,
            encrypt_algorithm: CALG_RC4,
        })
    }

    fn sign(&mut self, iov: &mut [IoBuf<'_>], _seq: u32) -> Result<()> {
        self.session()?.sign(iov)
    }

    fn requires_mech_list_mic(&self) -> bool {
        self.state == State::Complete && self.mic_present
    }

    fn mech_list_mic_done(&mut self, outgoing: bool) {
        if let Ok(s) = self.session() {
            s.reset_rc4(outgoing);
        }
    }

    fn verify(&mut self, iov: &mut [IoBuf<'_>], _seq: u32) -> Result<()> {
        self.session()?.verify(iov)
    }

    fn wrap(&mut self, iov: &mut [IoBuf<'_>], conf: bool, _seq: u32) -> Result<bool> {
        self.session()?.wrap(iov, conf)
    }

    fn unwrap(&mut self, iov: &mut [IoBuf<'_>], _seq: u32) -> Result<bool> {
        self.session()?.unwrap(iov)
    }
}
