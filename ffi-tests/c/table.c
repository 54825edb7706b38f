/* The SSPI function tables: identity across calls, version, size, layout, and
 * that each slot is the exported function of the same name. */
#include "common.h"

#if defined(ISSP_MODE) && ISSP_MODE == 0
#define CHANGE_PW_SLOT_W Reserved9
#define CHANGE_PW_SLOT_A Reserved9
#else
#define CHANGE_PW_SLOT_W ChangeAccountPasswordW
#define CHANGE_PW_SLOT_A ChangeAccountPasswordA
#endif

#define SLOT_IS(tab, slot, sym) OK((void *)(tab)->slot == (void *)&(sym), #tab "->" #slot " == &" #sym)
#define NONNULL(tab, slot) OK((tab)->slot != NULL, #tab "->" #slot " is not NULL")

int main(void)
{
    PSecurityFunctionTableW w = InitSecurityInterfaceW();
    PSecurityFunctionTableA a = InitSecurityInterfaceA();
    void *const *slots;
    size_t i, nslots;

    if (!OK(w != NULL, "InitSecurityInterfaceW returns a table") || !OK(a != NULL, "InitSecurityInterfaceA returns a table"))
        return done_testing();
    OK(InitSecurityInterfaceW() == w, "InitSecurityInterfaceW returns the same pointer each call");
    OK(InitSecurityInterfaceW() == w, "... and again");
    OK(InitSecurityInterfaceA() == a, "InitSecurityInterfaceA returns the same pointer each call");
    OK((void *)w != (void *)a, "the A and W tables are distinct objects");

    OK(sizeof(SecurityFunctionTableW) == 256, "sizeof(SecurityFunctionTableW) == 256 (got %zu)", sizeof(SecurityFunctionTableW));
    OK(sizeof(SecurityFunctionTableA) == 256, "sizeof(SecurityFunctionTableA) == 256 (got %zu)", sizeof(SecurityFunctionTableA));
    OK(w->dwVersion == 5, "W dwVersion == 5 (got %u)", (unsigned)w->dwVersion);
    OK(a->dwVersion == 5, "A dwVersion == 5 (got %u)", (unsigned)a->dwVersion);
    OK(SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5 == 5, "SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5 == 5");

    /* Layout: Microsoft's slot order; the Ex functions are slots 30 and 31. */
    OK(offsetof(SecurityFunctionTableW, EnumerateSecurityPackagesW) == 8, "W slot 1 at offset 8");
    OK(offsetof(SecurityFunctionTableW, Reserved2) == 5 * 8, "Reserved2 is slot 5");
    OK(offsetof(SecurityFunctionTableW, Reserved3) == 18 * 8, "Reserved3 is slot 18");
    OK(offsetof(SecurityFunctionTableW, Reserved8) == 23 * 8, "Reserved8 is slot 23");
    OK(offsetof(SecurityFunctionTableW, EncryptMessage) == 25 * 8, "EncryptMessage is slot 25");
    OK(offsetof(SecurityFunctionTableW, CHANGE_PW_SLOT_W) == 29 * 8, "ChangeAccountPasswordW/Reserved9 is slot 29");
    OK(offsetof(SecurityFunctionTableW, QueryContextAttributesExW) == 30 * 8, "QueryContextAttributesExW is slot 30");
    OK(offsetof(SecurityFunctionTableW, QueryCredentialsAttributesExW) == 31 * 8, "QueryCredentialsAttributesExW is slot 31");
    OK(offsetof(SecurityFunctionTableA, QueryCredentialsAttributesExA) == 31 * 8, "QueryCredentialsAttributesExA is slot 31");

    OK(w->Reserved2 == NULL, "W Reserved2 is NULL");
    OK(w->Reserved8 == NULL, "W Reserved8 is NULL");
    OK(a->Reserved2 == NULL, "A Reserved2 is NULL");
    OK(a->Reserved8 == NULL, "A Reserved8 is NULL");
    OK(w->Reserved3 == (void *)w->EncryptMessage && w->Reserved3 != NULL, "W Reserved3 == EncryptMessage (SealMessage slot)");
    OK(w->Reserved4 == (void *)w->DecryptMessage && w->Reserved4 != NULL, "W Reserved4 == DecryptMessage (UnsealMessage slot)");
    OK(a->Reserved3 == (void *)a->EncryptMessage && a->Reserved3 != NULL, "A Reserved3 == EncryptMessage");
    OK(a->Reserved4 == (void *)a->DecryptMessage && a->Reserved4 != NULL, "A Reserved4 == DecryptMessage");

    /* Every slot except Reserved2 and Reserved8 is filled (raw walk, so a slot
     * the header might name differently is still covered). */
    nslots = (sizeof(SecurityFunctionTableW) - offsetof(SecurityFunctionTableW, EnumerateSecurityPackagesW)) / sizeof(void *);
    slots = (void *const *)((const char *)w + offsetof(SecurityFunctionTableW, EnumerateSecurityPackagesW));
    for (i = 0; i < nslots; i++) {
        int reserved = (i + 1 == 5 || i + 1 == 23);
        OK(reserved ? slots[i] == NULL : slots[i] != NULL, "W slot %zu is %s", i + 1, reserved ? "NULL" : "set");
    }
    slots = (void *const *)((const char *)a + offsetof(SecurityFunctionTableA, EnumerateSecurityPackagesA));
    for (i = 0; i < nslots; i++) {
        int reserved = (i + 1 == 5 || i + 1 == 23);
        OK(reserved ? slots[i] == NULL : slots[i] != NULL, "A slot %zu is %s", i + 1, reserved ? "NULL" : "set");
    }

    SLOT_IS(w, EnumerateSecurityPackagesW, EnumerateSecurityPackagesW);
    SLOT_IS(w, QueryCredentialsAttributesW, QueryCredentialsAttributesW);
    SLOT_IS(w, AcquireCredentialsHandleW, AcquireCredentialsHandleW);
    SLOT_IS(w, FreeCredentialsHandle, FreeCredentialsHandle);
    SLOT_IS(w, InitializeSecurityContextW, InitializeSecurityContextW);
    SLOT_IS(w, AcceptSecurityContext, AcceptSecurityContext);
    SLOT_IS(w, CompleteAuthToken, CompleteAuthToken);
    SLOT_IS(w, DeleteSecurityContext, DeleteSecurityContext);
    SLOT_IS(w, ApplyControlToken, ApplyControlToken);
    SLOT_IS(w, QueryContextAttributesW, QueryContextAttributesW);
    SLOT_IS(w, ImpersonateSecurityContext, ImpersonateSecurityContext);
    SLOT_IS(w, RevertSecurityContext, RevertSecurityContext);
    SLOT_IS(w, MakeSignature, MakeSignature);
    SLOT_IS(w, VerifySignature, VerifySignature);
    SLOT_IS(w, FreeContextBuffer, FreeContextBuffer);
    SLOT_IS(w, QuerySecurityPackageInfoW, QuerySecurityPackageInfoW);
    SLOT_IS(w, Reserved3, EncryptMessage);
    SLOT_IS(w, Reserved4, DecryptMessage);
    SLOT_IS(w, ExportSecurityContext, ExportSecurityContext);
    SLOT_IS(w, ImportSecurityContextW, ImportSecurityContextW);
    SLOT_IS(w, AddCredentialsW, AddCredentialsW);
    SLOT_IS(w, QuerySecurityContextToken, QuerySecurityContextToken);
    SLOT_IS(w, EncryptMessage, EncryptMessage);
    SLOT_IS(w, DecryptMessage, DecryptMessage);
    SLOT_IS(w, SetContextAttributesW, SetContextAttributesW);
    SLOT_IS(w, SetCredentialsAttributesW, SetCredentialsAttributesW);
    SLOT_IS(w, CHANGE_PW_SLOT_W, ChangeAccountPasswordW);
    SLOT_IS(w, QueryContextAttributesExW, QueryContextAttributesExW);
    SLOT_IS(w, QueryCredentialsAttributesExW, QueryCredentialsAttributesExW);

    SLOT_IS(a, EnumerateSecurityPackagesA, EnumerateSecurityPackagesA);
    SLOT_IS(a, QueryCredentialsAttributesA, QueryCredentialsAttributesA);
    SLOT_IS(a, AcquireCredentialsHandleA, AcquireCredentialsHandleA);
    SLOT_IS(a, FreeCredentialsHandle, FreeCredentialsHandle);
    SLOT_IS(a, InitializeSecurityContextA, InitializeSecurityContextA);
    SLOT_IS(a, AcceptSecurityContext, AcceptSecurityContext);
    SLOT_IS(a, CompleteAuthToken, CompleteAuthToken);
    SLOT_IS(a, DeleteSecurityContext, DeleteSecurityContext);
    SLOT_IS(a, ApplyControlToken, ApplyControlToken);
    SLOT_IS(a, QueryContextAttributesA, QueryContextAttributesA);
    SLOT_IS(a, ImpersonateSecurityContext, ImpersonateSecurityContext);
    SLOT_IS(a, RevertSecurityContext, RevertSecurityContext);
    SLOT_IS(a, MakeSignature, MakeSignature);
    SLOT_IS(a, VerifySignature, VerifySignature);
    SLOT_IS(a, FreeContextBuffer, FreeContextBuffer);
    SLOT_IS(a, QuerySecurityPackageInfoA, QuerySecurityPackageInfoA);
    SLOT_IS(a, ExportSecurityContext, ExportSecurityContext);
    SLOT_IS(a, ImportSecurityContextA, ImportSecurityContextA);
    SLOT_IS(a, AddCredentialsA, AddCredentialsA);
    SLOT_IS(a, QuerySecurityContextToken, QuerySecurityContextToken);
    SLOT_IS(a, EncryptMessage, EncryptMessage);
    SLOT_IS(a, DecryptMessage, DecryptMessage);
    SLOT_IS(a, SetContextAttributesA, SetContextAttributesA);
    SLOT_IS(a, SetCredentialsAttributesA, SetCredentialsAttributesA);
    SLOT_IS(a, CHANGE_PW_SLOT_A, ChangeAccountPasswordA);
    SLOT_IS(a, QueryContextAttributesExA, QueryContextAttributesExA);
    SLOT_IS(a, QueryCredentialsAttributesExA, QueryCredentialsAttributesExA);

    /* A slot called through the table works: a quick package query. */
    {
        PSecPkgInfoW info = NULL;
        IS(w->QuerySecurityPackageInfoW(W("NTLM"), &info), SEC_E_OK, "table QuerySecurityPackageInfoW(NTLM)");
        if (info)
            IS(w->FreeContextBuffer(info), SEC_E_OK, "table FreeContextBuffer");
    }
    return done_testing();
}
