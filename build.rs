// Gives the shared object its SONAME; the Makefile installs the symlinks.
fn main() {
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsspi.so.1");
    println!("cargo:rerun-if-changed=build.rs");
}
