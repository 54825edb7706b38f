//! The Kerberos security context: the AP exchange state machine on either
//! side, then RFC 4121 message protection over the established session.
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zeroize::Zeroizing;

use super::acceptor::{self, Params};
use super::credentials::{read_keytab, KerberosCredential};
use super::initiator::{self, Sent};
use super::seq::SeqState;
use super::session::{self, Session};
use super::target::Target;
use super::{krbcred, mic, rc4, replay, tickets, wrap, INFO, OID_KRB5};
use crate::core::context::{KeyInfo, SecurityContext, Sizes, StepInput, StepOutput, TokenBuf};
use crate::core::credential::{Credential, PackageCredential};
use crate::core::flags::Flags;
use crate::core::iov::{for_each_signed, IoBuf, IoKind};
use crate::core::{Error, Result};
use crate::crypto::Enctype;
use crate::krb5::canon::SystemResolver;
use crate::krb5::ccache::{self, CcacheLocation, Credential as CcCred};
use crate::krb5::config::Krb5Config;
use crate::packages::PackageInfo;

enum State {
    Start,
    AwaitReply(Box<Sent>),
    Done,
    Failed,
}

pub struct KerberosContext {
    initiator: bool,
    cred: Arc<Credential>,
    target: Option<Target>,
    req: Flags,
    state: State,
    flags: Flags,
    session: Option<Session>,
    client: Option<String>,
    server: Option<String>,
    expiry: Option<SystemTime>,
    delegated: Option<Vec<CcCred>>,
}

pub fn kcred(cred: &Credential) -> Result<&KerberosCredential> {
    cred.inner
        .as_any()
        .downcast_ref::<KerberosCredential>()
        .ok_or_else(|| Error::UnknownCredentials("not a Kerberos credential".into()))
}

fn is_ours(mech: &[u8]) -> bool {
    INFO.oids.contains(&mech)
}

fn from_unix(t: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(t.max(0) as u64)
}

impl KerberosContext {
    pub fn initiator(cred: Arc<Credential>, target: Target, req: Flags) -> Self {
        KerberosContext {
            initiator: true,
            cred,
            server: Some(target.principal.to_string()),
            target: Some(target),
            req,
            state: State::Start,
            flags: Flags::NONE,
            session: None,
            client: None,
            expiry: None,
            delegated: None,
        }
    }

    pub fn acceptor(cred: Arc<Credential>, req: Flags) -> Self {
        KerberosContext {
            initiator: false,
            cred,
            target: None,
            req,
            state: State::Start,
            flags: Flags::NONE,
            session: None,
            client: None,
            server: None,
            expiry: None,
            delegated: None,
        }
    }

    fn seq_state(&self, first: u32) -> SeqState {
        SeqState::new(
            first as u64,
            self.flags.contains(Flags::REPLAY_DETECT),
            self.flags.contains(Flags::SEQUENCE_DETECT),
        )
    }

    fn init_step(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        match std::mem::replace(&mut self.state, State::Failed) {
            State::Start => {
                let kc = kcred(&self.cred)?;
                let target = self
                    .target
                    .as_ref()
                    .ok_or_else(|| Error::TargetUnknown("no Kerberos target name".into()))?;
                // With dns_canonicalize_hostname = fallback, the principal
                // used may be the second, DNS-canonicalized one.
                let (server, ticket) = target.fetch(
                    &SystemResolver,
                    |p| tickets::cached_service_ticket(kc, p),
                    |p| tickets::kdc_service_ticket(kc, p),
                )?;
                self.server = Some(server.to_string());
                // Delegation: a forwarded TGT as a KRB-CRED in the checksum,
                // when the TGT is forwardable and the KDC gives one (see
                // tickets::forwarded_tgt); otherwise not offered, and the
                // granted flags say so, as with MIT.
                let mut req = self.req;
                let deleg = if req.contains(Flags::DELEGATE) {
                    let built = tickets::forwarded_tgt(kc).and_then(|tgt| {
                        let sk = ticket.session_key().ok_or(Error::Unsupported(
                            "delegation with a session key of an unknown enctype",
                        ))?;
                        krbcred::build(&[tgt], &sk)
                    });
                    match built {
                        Ok(d) => Some(d),
                        Err(e) => {
                            crate::trace!("kerberos: not delegating: {e}");
                            req.remove(Flags::DELEGATE);
                            None
                        }
                    }
                } else {
                    None
                };
                let sent = initiator::ap_req(&ticket, OID_KRB5, req, input.bindings, deleg)?;
                self.client = Some(ticket.client.to_string());
                self.expiry = (ticket.endtime != 0).then(|| from_unix(ticket.endtime as i64));
                self.flags = req
                    & (Flags::MUTUAL
                        | Flags::REPLAY_DETECT
                        | Flags::SEQUENCE_DETECT
                        | Flags::DELEGATE)
                    | Flags::CONFIDENTIALITY
                    | Flags::INTEGRITY;
                let token = sent.token.clone();
                if req.contains(Flags::MUTUAL) {
                    self.state = State::AwaitReply(Box::new(sent));
                    return Ok(StepOutput {
                        token,
                        complete: false,
                    });
                }
                let rs = self.seq_state(sent.seq);
                self.session = Some(Session::new(
                    true,
                    sent.subkey.clone(),
                    false,
                    sent.seq as u64,
                    rs,
                )?);
                self.state = State::Done;
                Ok(StepOutput {
                    token,
                    complete: true,
                })
            }
            State::AwaitReply(sent) => {
                let (asub, aseq) = initiator::ap_rep(is_ours, input.token, &sent)?;
                let rs = self.seq_state(aseq.unwrap_or(sent.seq));
                let (key, have_asub) = match asub {
                    Some(k) => (k, true),
                    None => (sent.subkey.clone(), false),
                };
                self.session = Some(Session::new(true, key, have_asub, sent.seq as u64, rs)?);
                self.state = State::Done;
                Ok(StepOutput {
                    token: Vec::new(),
                    complete: true,
                })
            }
            State::Done | State::Failed => Err(Error::InvalidToken(
                "Kerberos context already established (or failed)".into(),
            )),
        }
    }

    fn accept_step(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        if !matches!(self.state, State::Start) {
            return Err(Error::InvalidToken(
                "Kerberos context already established (or failed)".into(),
            ));
        }
        self.state = State::Failed;
        let kc = kcred(&self.cred)?;
        let path = kc.keytab.clone().ok_or_else(|| {
            Error::UnknownCredentials("this Kerberos credential has no keytab".into())
        })?;
        let kt = read_keytab(&path)?;
        let cfg = Krb5Config::load()?;
        let skew = cfg.libdefaults(None)?.clockskew;
        // Answer in the OID the initiator used (Microsoft's for Windows).
        let mech = super::token::unwrap(input.token)
            .map(|(m, _, _)| m.to_vec())
            .unwrap_or_else(|_| OID_KRB5.to_vec());
        let name = format!("FILE:{}", path.display());
        let rcache = replay::resolve(kc.rcache.as_deref())?;
        let p = Params {
            mech_ok: &is_ours,
            reply_mech: &mech,
            keytab: &kt,
            keytab_name: &name,
            acceptor: kc.acceptor.as_ref(),
            bindings: input.bindings,
            skew,
            rcache: &rcache,
        };
        let a = acceptor::accept(&p, input.token)?;
        self.flags = a.flags;
        self.client = Some(a.client.to_string());
        self.server = Some(a.server.to_string());
        self.expiry = Some(from_unix(a.endtime));
        self.delegated = a.delegated;
        let (key, asub) = match (a.acceptor_subkey, a.initiator_subkey) {
            (Some(k), _) => (k, true),
            (None, Some(k)) => (k, false),
            (None, None) => (a.session_key, false),
        };
        let rs = self.seq_state(a.initiator_seq);
        self.session = Some(Session::new(false, key, asub, a.acceptor_seq as u64, rs)?);
        self.state = State::Done;
        Ok(StepOutput {
            token: a.reply.unwrap_or_default(),
            complete: true,
        })
    }

    fn session(&mut self) -> Result<&mut Session> {
        self.session.as_mut().ok_or(Error::IncompleteContext)
    }

    /// RC4-HMAC session keys use RFC 4757's tokens instead of RFC 4121's.
    fn rc4(&mut self) -> Result<Option<&mut Session>> {
        let s = self.session()?;
        Ok((s.key.enctype == Enctype::Rc4Hmac).then_some(s))
    }
}

fn signed_parts(iov: &[IoBuf<'_>]) -> Vec<u8> {
    let mut v = Vec::new();
    for_each_signed(iov, |b| v.extend_from_slice(b));
    v
}

impl SecurityContext for KerberosContext {
    fn package(&self) -> &'static PackageInfo {
        &INFO
    }

    fn step(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        let r = if self.initiator {
            self.init_step(input)
        } else {
            self.accept_step(input)
        };
        if let Err(e) = &r {
            crate::trace!("kerberos: step failed: {e}");
        }
        r
    }

    fn is_complete(&self) -> bool {
        matches!(self.state, State::Done)
    }

    fn is_initiator(&self) -> bool {
        self.initiator
    }

    fn flags(&self) -> Flags {
        self.flags
    }

    fn sizes(&self) -> Sizes {
        session::sizes(self.session.as_ref().map(|s| s.key.enctype))
    }

    fn client_name(&self) -> Option<String> {
        self.client.clone()
    }

    fn server_name(&self) -> Option<String> {
        self.server.clone()
    }

    fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    fn session_key(&self) -> Result<Zeroizing<Vec<u8>>> {
        Ok(self
            .session
            .as_ref()
            .ok_or(Error::IncompleteContext)?
            .session_key())
    }

    fn key_info(&self) -> Result<KeyInfo> {
        Ok(session::key_info(
            &self.session.as_ref().ok_or(Error::IncompleteContext)?.key,
        ))
    }

    fn sign(&mut self, iov: &mut [IoBuf<'_>], _seq: u32) -> Result<()> {
        let data = signed_parts(iov);
        let tok = match self.rc4()? {
            Some(s) => rc4::mic(s, &data)?,
            None => mic::make(self.session()?, &[&data])?,
        };
        let h = crate::core::iov::find(iov, IoKind::Header).ok_or(Error::InvalidParameter(
            "MakeSignature needs a token buffer",
        ))?;
        if h.buf.len() < tok.len() {
            return Err(Error::BufferTooSmall);
        }
        h.buf[..tok.len()].copy_from_slice(&tok);
        h.len = tok.len();
        Ok(())
    }

    fn verify(&mut self, iov: &mut [IoBuf<'_>], _seq: u32) -> Result<()> {
        let data = signed_parts(iov);
        let tok = iov
            .iter()
            .find(|b| b.kind == IoKind::Header)
            .ok_or(Error::InvalidParameter(
                "VerifySignature needs a token buffer",
            ))?
            .data()
            .to_vec();
        match self.rc4()? {
            Some(s) => rc4::verify_mic(s, &data, &tok),
            None => mic::verify(self.session()?, &[&data], &tok),
        }
    }

    fn wrap(&mut self, iov: &mut [IoBuf<'_>], conf: bool, _seq: u32) -> Result<bool> {
        match self.rc4()? {
            Some(s) => rc4::wrap_iov(s, iov, conf),
            None => wrap::wrap_iov(self.session()?, iov, conf),
        }
    }

    fn unwrap(&mut self, iov: &mut [IoBuf<'_>], _seq: u32) -> Result<bool> {
        match self.rc4()? {
            Some(s) => rc4::unwrap_iov(s, iov),
            None => wrap::unwrap_iov(self.session()?, iov),
        }
    }

    fn wrap_token_into(&mut self, msg: &[u8], conf: bool, out: &mut dyn TokenBuf) -> Result<bool> {
        if let Some(s) = self.rc4()? {
            out.fill(0, &rc4::wrap(s, msg, conf)?)?;
            return Ok(conf);
        }
        wrap::wrap_token_into(self.session()?, msg, conf, out)
    }

    fn unwrap_token_into(&mut self, token: &[u8], out: &mut dyn TokenBuf) -> Result<bool> {
        if let Some(s) = self.rc4()? {
            let (msg, sealed) = rc4::unwrap(s, token)?;
            out.fill(0, &msg)?;
            return Ok(sealed);
        }
        wrap::unwrap_token_into(self.session()?, token, out)
    }

    fn take_delegated(&mut self) -> Option<Box<dyn PackageCredential>> {
        let creds = self.delegated.take()?;
        let client = creds.first()?.client.clone();
        let mut rnd = [0u8; 8];
        crate::crypto::random::fill(&mut rnd).ok()?;
        let name: String = rnd.iter().map(|b| format!("{b:02x}")).collect();
        let loc = CcacheLocation::Memory(format!("deleg-{name}"));
        ccache::initialize(&loc, &client).ok()?;
        let mut end = 0;
        for c in &creds {
            end = end.max(c.endtime);
            ccache::store(&loc, c).ok()?;
        }
        Some(Box::new(KerberosCredential {
            client: Some(client),
            ccache: Some(loc),
            ccache_name: format!("MEMORY:deleg-{name}"),
            acceptor: None,
            keytab: None,
            rcache: None,
            expiry: Some(from_unix(end as i64)),
        }))
    }
}
