//! include/sspi.h and the Rust ABI types agree: every struct's size and
//! field offsets, the function tables (256 bytes, ChangeAccountPasswordW
//! at 232, QueryContextAttributesExW at 240), and every constant.
//! Compiles a C program against the header with the system `cc`.
use std::collections::BTreeMap;
use std::mem::{offset_of, size_of};
use std::path::{Path, PathBuf};
use std::process::Command;

use sspi::abi::sspi::table::*;
use sspi::abi::sspi::types::*;

macro_rules! layouts {
    ($( $ty:ident { $($f:ident),* $(,)? } )*) => {{
        let mut c = String::new();
        let mut rust = BTreeMap::new();
        $(
            c.push_str(&format!("  S({});\n", stringify!($ty)));
            rust.insert(format!("size {}", stringify!($ty)), size_of::<$ty>() as i64);
            $(
                c.push_str(&format!("  O({}, {});\n", stringify!($ty), stringify!($f)));
                rust.insert(
                    format!("off {}.{}", stringify!($ty), stringify!($f)),
                    offset_of!($ty, $f) as i64,
                );
            )*
        )*
        (c, rust)
    }};
}

/// `pub const NAME: TY = VALUE;` lines of types.rs, evaluated.
fn constants(root: &Path) -> Vec<(String, i64)> {
    let src = std::fs::read_to_string(root.join("src/abi/sspi/types.rs")).unwrap();
    let mut out = Vec::new();
    for line in src.lines() {
        let Some(rest) = line.strip_prefix("pub const ") else {
            continue;
        };
        let (name, rest) = rest.split_once(':').unwrap();
        let (ty, val) = rest.split_once('=').unwrap();
        let val = val
            .trim()
            .trim_end_matches(';')
            .trim_start_matches("e(")
            .trim_end_matches(')')
            .replace('_', "");
        let v = if let Some(h) = val.strip_prefix("0x") {
            u64::from_str_radix(h, 16).unwrap()
        } else {
            val.parse::<u64>().unwrap()
        };
        let v = if ty.trim() == "SECURITY_STATUS" {
            v as u32 as i32 as i64
        } else {
            v as u32 as i64
        };
        out.push((name.trim().to_string(), v));
    }
    assert!(out.len() > 200, "parsed {} constants", out.len());
    out
}

#[test]
fn header_matches_rust() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (body, mut rust) = layouts! {
        SecHandle { dwLower, dwUpper }
        SecBuffer { cbBuffer, BufferType, pvBuffer }
        SecBufferDesc { ulVersion, cBuffers, pBuffers }
        SecPkgInfoW { fCapabilities, wVersion, wRPCID, cbMaxToken, Name, Comment }
        SecPkgInfoA { fCapabilities, wVersion, wRPCID, cbMaxToken, Name, Comment }
        SEC_WINNT_AUTH_IDENTITY_W { User, UserLength, Domain, DomainLength, Password, PasswordLength, Flags }
        SEC_WINNT_AUTH_IDENTITY_A { User, UserLength, Domain, DomainLength, Password, PasswordLength, Flags }
        SEC_WINNT_AUTH_IDENTITY_EXW { Version, Length, User, UserLength, Domain, DomainLength, Password,
            PasswordLength, Flags, PackageList, PackageListLength }
        SEC_WINNT_AUTH_IDENTITY_EXA { Version, Length, User, UserLength, Domain, DomainLength, Password,
            PasswordLength, Flags, PackageList, PackageListLength }
        SecPkgContext_Sizes { cbMaxToken, cbMaxSignature, cbBlockSize, cbSecurityTrailer }
        SecPkgContext_StreamSizes { cbHeader, cbTrailer, cbMaximumMessage, cBuffers, cbBlockSize }
        SecPkgContext_NamesW { sUserName }
        SecPkgContext_NamesA { sUserName }
        SecPkgContext_Lifespan { tsStart, tsExpiry }
        SecPkgContext_SessionKey { SessionKeyLength, SessionKey }
        SecPkgContext_PackageInfoW { PackageInfo }
        SecPkgContext_PackageInfoA { PackageInfo }
        SecPkgContext_NegotiationInfoW { PackageInfo, NegotiationState }
        SecPkgContext_NegotiationInfoA { PackageInfo, NegotiationState }
        SecPkgContext_Flags { Flags }
        SecPkgContext_NativeNamesW { sClientName, sServerName }
        SecPkgContext_NativeNamesA { sClientName, sServerName }
        SecPkgContext_KeyInfoW { sSignatureAlgorithmName, sEncryptAlgorithmName, KeySize, SignatureAlgorithm, EncryptAlgorithm }
        SecPkgContext_KeyInfoA { sSignatureAlgorithmName, sEncryptAlgorithmName, KeySize, SignatureAlgorithm, EncryptAlgorithm }
        SecPkgCredentials_NamesW { sUserName }
        SecPkgCredentials_NamesA { sUserName }
        SEC_CHANNEL_BINDINGS { dwInitiatorAddrType, cbInitiatorLength, dwInitiatorOffset, dwAcceptorAddrType,
            cbAcceptorLength, dwAcceptorOffset, cbApplicationDataLength, dwApplicationDataOffset }
        SecurityFunctionTableW { dwVersion, EnumerateSecurityPackagesW, QueryCredentialsAttributesW,
            AcquireCredentialsHandleW, FreeCredentialsHandle, Reserved2, InitializeSecurityContextW,
            AcceptSecurityContext, CompleteAuthToken, DeleteSecurityContext, ApplyControlToken,
            QueryContextAttributesW, ImpersonateSecurityContext, RevertSecurityContext, MakeSignature,
            VerifySignature, FreeContextBuffer, QuerySecurityPackageInfoW, Reserved3, Reserved4,
            ExportSecurityContext, ImportSecurityContextW, AddCredentialsW, Reserved8,
            QuerySecurityContextToken, EncryptMessage, DecryptMessage, SetContextAttributesW,
            SetCredentialsAttributesW, ChangeAccountPasswordW, QueryContextAttributesExW,
            QueryCredentialsAttributesExW }
        SecurityFunctionTableA { dwVersion, EnumerateSecurityPackagesA, QueryCredentialsAttributesA,
            AcquireCredentialsHandleA, FreeCredentialsHandle, Reserved2, InitializeSecurityContextA,
            AcceptSecurityContext, CompleteAuthToken, DeleteSecurityContext, ApplyControlToken,
            QueryContextAttributesA, ImpersonateSecurityContext, RevertSecurityContext, MakeSignature,
            VerifySignature, FreeContextBuffer, QuerySecurityPackageInfoA, Reserved3, Reserved4,
            ExportSecurityContext, ImportSecurityContextA, AddCredentialsA, Reserved8,
            QuerySecurityContextToken, EncryptMessage, DecryptMessage, SetContextAttributesA,
            SetCredentialsAttributesA, ChangeAccountPasswordA, QueryContextAttributesExA,
            QueryCredentialsAttributesExA }
    };
    let mut body = body;
    for (name, v) in constants(&root) {
        body.push_str(&format!("  C({name});\n"));
        rust.insert(format!("const {name}"), v);
    }
    // Microsoft's layout, independently of both sides agreeing.
    assert_eq!(rust["size SecurityFunctionTableW"], 256);
    assert_eq!(rust["size SecurityFunctionTableA"], 256);
    assert_eq!(
        rust["off SecurityFunctionTableW.ChangeAccountPasswordW"],
        232
    );
    assert_eq!(
        rust["off SecurityFunctionTableW.QueryContextAttributesExW"],
        240
    );
    assert_eq!(
        rust["off SecurityFunctionTableW.QueryCredentialsAttributesExW"],
        248
    );
    assert_eq!(rust["off SecurityFunctionTableW.Reserved3"], 8 + 17 * 8);

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("layout");
    std::fs::create_dir_all(&dir).unwrap();
    let c = dir.join("layout.c");
    std::fs::write(
        &c,
        format!(
            "#include <stdio.h>\n#include \"sspi.h\"\n\
             #define S(T) printf(\"size %s %lld\\n\", #T, (long long)sizeof(T))\n\
             #define O(T, F) printf(\"off %s.%s %lld\\n\", #T, #F, (long long)offsetof(T, F))\n\
             #define C(N) printf(\"const %s %lld\\n\", #N, (long long)(N))\n\
             int main(void) {{\n{body}  return 0;\n}}\n"
        ),
    )
    .unwrap();
    let exe = dir.join("layout");
    let st = Command::new("cc")
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-I"])
        .arg(root.join("include"))
        .arg(&c)
        .arg("-o")
        .arg(&exe)
        .status()
        .expect("run cc");
    assert!(st.success(), "cc failed on {}", c.display());
    let out = Command::new(&exe).output().unwrap();
    assert!(out.status.success());
    let mut from_c = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let (k, v) = line.rsplit_once(' ').unwrap();
        from_c.insert(k.to_string(), v.parse::<i64>().unwrap());
    }
    let mut bad = Vec::new();
    for (k, v) in &rust {
        match from_c.get(k) {
            Some(cv) if cv == v => {}
            other => bad.push(format!("{k}: rust {v}, C {other:?}")),
        }
    }
    assert!(
        bad.is_empty(),
        "header and Rust disagree:\n{}",
        bad.join("\n")
    );
}
