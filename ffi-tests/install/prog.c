/* Links against an installed libsspi through pkg-config and lists packages. */
#include <stdio.h>
#include <sspi.h>

static int is_ntlm(const SEC_WCHAR *s)
{
    static const char want[] = "NTLM";
    for (int i = 0; i < 5; i++)
        if (s[i] != (SEC_WCHAR)want[i])
            return 0;
    return 1;
}

int main(void)
{
    PSecurityFunctionTableW table = InitSecurityInterfaceW();
    ULONG count = 0;
    PSecPkgInfoW pkgs = NULL;
    int found = 0;

    if (!table || table->EnumerateSecurityPackagesW == NULL) {
        fprintf(stderr, "InitSecurityInterfaceW gave no table\n");
        return 1;
    }
    SECURITY_STATUS st = EnumerateSecurityPackagesW(&count, &pkgs);
    if (st != SEC_E_OK || !pkgs) {
        fprintf(stderr, "EnumerateSecurityPackagesW: status 0x%08x\n", (unsigned)st);
        return 1;
    }
    for (ULONG i = 0; i < count; i++)
        if (pkgs[i].Name && is_ntlm(pkgs[i].Name))
            found = 1;
    FreeContextBuffer(pkgs);
    printf("%u packages, NTLM %s\n", (unsigned)count, found ? "listed" : "missing");
    return found ? 0 : 1;
}
