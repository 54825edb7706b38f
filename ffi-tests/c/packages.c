/* Package enumeration and lookup: NTLM is listed with Microsoft's RPC id and
 * maximum token size; unknown names give SEC_E_SECPKG_NOT_FOUND. */
#include "common.h"

int main(void)
{
    ULONG n = 0, i;
    PSecPkgInfoW wl = NULL, wi = NULL;
    PSecPkgInfoA al = NULL, ai = NULL;
    int found;

    IS(EnumerateSecurityPackagesW(&n, &wl), SEC_E_OK, "EnumerateSecurityPackagesW");
    OK(n >= 1 && wl != NULL, "at least one package (%u)", (unsigned)n);
    found = 0;
    for (i = 0; wl && i < n; i++) {
        printf("# package %u: %s rpcid=%u maxtoken=%u caps=0x%x\n", (unsigned)i, narrow(wl[i].Name),
               (unsigned)wl[i].wRPCID, (unsigned)wl[i].cbMaxToken, (unsigned)wl[i].fCapabilities);
        if (wstr_eq(wl[i].Name, "NTLM")) {
            found = 1;
            OK(wl[i].wRPCID == 10, "W list: NTLM wRPCID == 10 (RPC_C_AUTHN_WINNT), got %u", (unsigned)wl[i].wRPCID);
            OK(wl[i].cbMaxToken == 2888, "W list: NTLM cbMaxToken == 2888, got %u", (unsigned)wl[i].cbMaxToken);
            OK(wl[i].Comment != NULL, "W list: NTLM has a comment");
        }
    }
    OK(found, "EnumerateSecurityPackagesW lists NTLM");
    if (wl)
        IS(FreeContextBuffer(wl), SEC_E_OK, "FreeContextBuffer(W package list)");

    n = 0;
    IS(EnumerateSecurityPackagesA(&n, &al), SEC_E_OK, "EnumerateSecurityPackagesA");
    found = 0;
    for (i = 0; al && i < n; i++) {
        if (al[i].Name && strcmp(al[i].Name, "NTLM") == 0) {
            found = 1;
            OK(al[i].wRPCID == 10, "A list: NTLM wRPCID == 10");
            OK(al[i].cbMaxToken == 2888, "A list: NTLM cbMaxToken == 2888");
        }
    }
    OK(found, "EnumerateSecurityPackagesA lists NTLM");
    if (al)
        IS(FreeContextBuffer(al), SEC_E_OK, "FreeContextBuffer(A package list)");

    IS(QuerySecurityPackageInfoW(W("NTLM"), &wi), SEC_E_OK, "QuerySecurityPackageInfoW(NTLM)");
    if (wi) {
        OK(wstr_eq(wi->Name, "NTLM"), "W info name NTLM (got %s)", narrow(wi->Name));
        OK(wi->wRPCID == 10, "W info wRPCID 10");
        OK(wi->cbMaxToken == 2888, "W info cbMaxToken 2888");
        IS(FreeContextBuffer(wi), SEC_E_OK, "FreeContextBuffer(W info)");
    }
    IS(QuerySecurityPackageInfoA((SEC_CHAR *)"NTLM", &ai), SEC_E_OK, "QuerySecurityPackageInfoA(NTLM)");
    if (ai) {
        OK(ai->Name && strcmp(ai->Name, "NTLM") == 0, "A info name NTLM");
        OK(ai->wRPCID == 10 && ai->cbMaxToken == 2888, "A info wRPCID 10, cbMaxToken 2888");
        IS(FreeContextBuffer(ai), SEC_E_OK, "FreeContextBuffer(A info)");
    }

    wi = (PSecPkgInfoW)(void *)&n; /* sentinel: must not be written on failure */
    IS(QuerySecurityPackageInfoW(W("NoSuchPackage"), &wi), SEC_E_SECPKG_NOT_FOUND, "unknown package (W) -> SEC_E_SECPKG_NOT_FOUND");
    OK(wi == (PSecPkgInfoW)(void *)&n, "output left untouched on failure");
    ai = NULL;
    IS(QuerySecurityPackageInfoA((SEC_CHAR *)"NoSuchPackage", &ai), SEC_E_SECPKG_NOT_FOUND, "unknown package (A) -> SEC_E_SECPKG_NOT_FOUND");
    {
        CredHandle c;
        TimeStamp ts;
        IS(AcquireCredentialsHandleW(NULL, W("NoSuchPackage"), SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &c, &ts),
           SEC_E_SECPKG_NOT_FOUND, "AcquireCredentialsHandleW(unknown package) -> SEC_E_SECPKG_NOT_FOUND");
    }
    IS(FreeContextBuffer(NULL), SEC_E_OK, "FreeContextBuffer(NULL) is a no-op");
    return done_testing();
}
