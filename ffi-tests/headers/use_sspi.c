/* Uses every part of sspi.h so that the compilers check all of it. */
#include "sspi.h"

typedef char check_table_size[sizeof(SecurityFunctionTableW) == 256 ? 1 : -1];
typedef char check_table_a_size[sizeof(SecurityFunctionTableA) == 256 ? 1 : -1];
typedef char check_qcaex[offsetof(SecurityFunctionTableW, QueryContextAttributesExW) == 240 ? 1 : -1];
typedef char check_cap[offsetof(SecurityFunctionTableW, ChangeAccountPasswordW) == 232 ? 1 : -1];
typedef char check_handle[sizeof(SecHandle) == 16 ? 1 : -1];
typedef char check_buffer[sizeof(SecBuffer) == 16 ? 1 : -1];

int use_sspi(void);

int use_sspi(void)
{
    PSecurityFunctionTableW w = InitSecurityInterfaceW();
    PSecurityFunctionTableA a = InitSecurityInterfaceA();
    PSecurityFunctionTable g = InitSecurityInterface();
    CredHandle cred;
    CtxtHandle ctx;
    SecBuffer buf;
    SecBufferDesc desc;
    ULONG attrs = 0;
    TimeStamp expiry;
    SecPkgContext_Sizes sizes;
    SEC_WINNT_AUTH_IDENTITY_EX ex;
    SecPkgInfo *info = NULL;
    SECURITY_STATUS s;
    cred.dwLower = cred.dwUpper = 0;
    SecInvalidateHandle(&ctx);
    buf.cbBuffer = 0;
    buf.BufferType = SECBUFFER_TOKEN;
    buf.pvBuffer = NULL;
    desc.ulVersion = SECBUFFER_VERSION;
    desc.cBuffers = 1;
    desc.pBuffers = &buf;
    ex.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
    ex.Length = (ULONG)sizeof(ex);
    ex.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
    (void)ex;
    s = AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &cred, &expiry);
    s = InitializeSecurityContextA(&cred, NULL, "HTTP/host", ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONFIDENTIALITY,
                                   0, SECURITY_NATIVE_DREP, NULL, 0, &ctx, &desc, &attrs, &expiry);
    s = w->QueryContextAttributesW(&ctx, SECPKG_ATTR_SIZES, &sizes);
    s = a->EncryptMessage(&ctx, SECQOP_WRAP_NO_ENCRYPT, &desc, 0);
    s = g->QuerySecurityPackageInfo
#ifdef UNICODE
        ((const SEC_WCHAR *)0, &info);
#else
        ("NTLM", &info);
#endif
    s = QuerySecurityPackageInfoW(NULL, (PSecPkgInfoW *)NULL);
    if (s == SEC_I_CONTINUE_NEEDED || s == SEC_E_INVALID_HANDLE || !SEC_SUCCESS(s))
        s = FreeContextBuffer(info);
    s = DeleteSecurityContext(&ctx);
    s = FreeCredentialsHandle(&cred);
    return (int)s + (int)w->dwVersion + (int)a->dwVersion;
}
