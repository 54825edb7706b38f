//! MIT Kerberos file formats (placeholder).
