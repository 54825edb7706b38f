//! The GSSAPI headers are an artifact under test: they compile as C99 and
//! C++ with -Wall -Wextra -Werror, and every struct's size and field
//! offsets as the C compiler sees them equal the Rust side's.
use std::mem::{offset_of, size_of};
use std::path::{Path, PathBuf};
use std::process::Command;

use sspi::abi::gss::types::*;

const PROGRAM: &str = r#"
#include <stdio.h>
#include <stddef.h>
#include <gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_generic.h>
#include <gssapi/gssapi_krb5.h>
#define S(t) printf("size %s %zu\n", #t, sizeof(t))
#define O(t, f) printf("offset %s.%s %zu\n", #t, #f, offsetof(t, f))
int main(void) {
    S(OM_uint32); S(gss_buffer_desc); S(gss_OID_desc); S(gss_OID_set_desc);
    S(struct gss_channel_bindings_struct); S(gss_iov_buffer_desc);
    S(gss_key_value_element_desc); S(gss_key_value_set_desc); S(gss_buffer_set_desc);
    S(gss_name_t); S(gss_cred_id_t); S(gss_ctx_id_t); S(gss_qop_t); S(gss_cred_usage_t);
    O(gss_buffer_desc, length); O(gss_buffer_desc, value);
    O(gss_OID_desc, length); O(gss_OID_desc, elements);
    O(gss_OID_set_desc, count); O(gss_OID_set_desc, elements);
    O(struct gss_channel_bindings_struct, initiator_addrtype);
    O(struct gss_channel_bindings_struct, initiator_address);
    O(struct gss_channel_bindings_struct, acceptor_addrtype);
    O(struct gss_channel_bindings_struct, acceptor_address);
    O(struct gss_channel_bindings_struct, application_data);
    O(gss_iov_buffer_desc, type); O(gss_iov_buffer_desc, buffer);
    O(gss_key_value_element_desc, key); O(gss_key_value_element_desc, value);
    O(gss_key_value_set_desc, count); O(gss_key_value_set_desc, elements);
    O(gss_buffer_set_desc, count); O(gss_buffer_set_desc, elements);
    return 0;
}
"#;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn out_dir() -> PathBuf {
    let d = root().join("target").join("gss-layout");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn compile(compiler: &str, std: &str, src: &Path, exe: &Path) {
    let out = Command::new(compiler)
        .args([std, "-Wall", "-Wextra", "-Werror", "-pedantic", "-I"])
        .arg(root().join("include"))
        .arg("-o")
        .arg(exe)
        .arg(src)
        .output()
        .unwrap_or_else(|e| panic!("{compiler}: {e}"));
    assert!(
        out.status.success(),
        "{compiler} {std} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn expected() -> Vec<String> {
    let mut v = Vec::new();
    let mut s = |n: &str, x: usize| v.push(format!("size {n} {x}"));
    s("OM_uint32", size_of::<OM_uint32>());
    s("gss_buffer_desc", size_of::<gss_buffer_desc>());
    s("gss_OID_desc", size_of::<gss_OID_desc>());
    s("gss_OID_set_desc", size_of::<gss_OID_set_desc>());
    s(
        "struct gss_channel_bindings_struct",
        size_of::<gss_channel_bindings_struct>(),
    );
    s("gss_iov_buffer_desc", size_of::<gss_iov_buffer_desc>());
    s(
        "gss_key_value_element_desc",
        size_of::<gss_key_value_element_desc>(),
    );
    s(
        "gss_key_value_set_desc",
        size_of::<gss_key_value_set_desc>(),
    );
    s("gss_buffer_set_desc", size_of::<gss_buffer_set_desc>());
    s("gss_name_t", size_of::<gss_name_t>());
    s("gss_cred_id_t", size_of::<gss_cred_id_t>());
    s("gss_ctx_id_t", size_of::<gss_ctx_id_t>());
    s("gss_qop_t", size_of::<gss_qop_t>());
    s("gss_cred_usage_t", size_of::<gss_cred_usage_t>());
    let mut o = |n: &str, x: usize| v.push(format!("offset {n} {x}"));
    o(
        "gss_buffer_desc.length",
        offset_of!(gss_buffer_desc, length),
    );
    o("gss_buffer_desc.value", offset_of!(gss_buffer_desc, value));
    o("gss_OID_desc.length", offset_of!(gss_OID_desc, length));
    o("gss_OID_desc.elements", offset_of!(gss_OID_desc, elements));
    o(
        "gss_OID_set_desc.count",
        offset_of!(gss_OID_set_desc, count),
    );
    o(
        "gss_OID_set_desc.elements",
        offset_of!(gss_OID_set_desc, elements),
    );
    type Cb = gss_channel_bindings_struct;
    o(
        "struct gss_channel_bindings_struct.initiator_addrtype",
        offset_of!(Cb, initiator_addrtype),
    );
    o(
        "struct gss_channel_bindings_struct.initiator_address",
        offset_of!(Cb, initiator_address),
    );
    o(
        "struct gss_channel_bindings_struct.acceptor_addrtype",
        offset_of!(Cb, acceptor_addrtype),
    );
    o(
        "struct gss_channel_bindings_struct.acceptor_address",
        offset_of!(Cb, acceptor_address),
    );
    o(
        "struct gss_channel_bindings_struct.application_data",
        offset_of!(Cb, application_data),
    );
    o(
        "gss_iov_buffer_desc.type",
        offset_of!(gss_iov_buffer_desc, type_),
    );
    o(
        "gss_iov_buffer_desc.buffer",
        offset_of!(gss_iov_buffer_desc, buffer),
    );
    o(
        "gss_key_value_element_desc.key",
        offset_of!(gss_key_value_element_desc, key),
    );
    o(
        "gss_key_value_element_desc.value",
        offset_of!(gss_key_value_element_desc, value),
    );
    o(
        "gss_key_value_set_desc.count",
        offset_of!(gss_key_value_set_desc, count),
    );
    o(
        "gss_key_value_set_desc.elements",
        offset_of!(gss_key_value_set_desc, elements),
    );
    o(
        "gss_buffer_set_desc.count",
        offset_of!(gss_buffer_set_desc, count),
    );
    o(
        "gss_buffer_set_desc.elements",
        offset_of!(gss_buffer_set_desc, elements),
    );
    v
}

#[test]
fn c_and_rust_layouts_agree() {
    let dir = out_dir();
    let src = dir.join("layout.c");
    std::fs::write(&src, PROGRAM).unwrap();
    let exe = dir.join("layout");
    compile("cc", "-std=c99", &src, &exe);
    let out = Command::new(&exe).output().unwrap();
    assert!(out.status.success());
    let got: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(got, expected());
}

#[test]
fn headers_compile_as_cxx() {
    let dir = out_dir();
    let src = dir.join("layout.cc");
    std::fs::write(&src, PROGRAM).unwrap();
    compile("c++", "-std=c++11", &src, &dir.join("layout-cxx"));
}

/// Constants the header and the Rust side both define must agree.
#[test]
fn header_constants_agree() {
    let dir = out_dir();
    let src = dir.join("consts.c");
    let consts = [
        ("GSS_S_NO_CRED", GSS_S_NO_CRED),
        ("GSS_S_NO_CONTEXT", GSS_S_NO_CONTEXT),
        ("GSS_S_UNAVAILABLE", GSS_S_UNAVAILABLE),
        ("GSS_S_BAD_MECH_ATTR", GSS_S_BAD_MECH_ATTR),
        (
            "GSS_S_CALL_INACCESSIBLE_WRITE",
            GSS_S_CALL_INACCESSIBLE_WRITE,
        ),
        ("GSS_S_CONTINUE_NEEDED", GSS_S_CONTINUE_NEEDED),
        ("GSS_C_DELEG_POLICY_FLAG", GSS_C_DELEG_POLICY_FLAG),
        ("GSS_C_PROT_READY_FLAG", GSS_C_PROT_READY_FLAG),
        ("GSS_C_INDEFINITE", GSS_C_INDEFINITE),
        (
            "GSS_IOV_BUFFER_TYPE_MIC_TOKEN",
            GSS_IOV_BUFFER_TYPE_MIC_TOKEN,
        ),
        (
            "GSS_IOV_BUFFER_FLAG_ALLOCATED",
            GSS_IOV_BUFFER_FLAG_ALLOCATED,
        ),
    ];
    let mut c =
        String::from("#include <stdio.h>\n#include <gssapi/gssapi_ext.h>\nint main(void) {\n");
    for (n, _) in consts {
        c.push_str(&format!("    printf(\"%lu\\n\", (unsigned long)({n}));\n"));
    }
    c.push_str("    return 0;\n}\n");
    std::fs::write(&src, c).unwrap();
    let exe = dir.join("consts");
    compile("cc", "-std=c99", &src, &exe);
    let out = String::from_utf8(Command::new(&exe).output().unwrap().stdout).unwrap();
    let got: Vec<u64> = out.lines().map(|l| l.parse().unwrap()).collect();
    let want: Vec<u64> = consts.iter().map(|c| u64::from(c.1)).collect();
    assert_eq!(got, want);
}
