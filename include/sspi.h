/*
 * sspi.h -- Windows SSPI for Linux, from libsspi.so (sspi-shim).
 *
 * Types have Windows' LLP64 sizes on LP64 Linux: LONG/ULONG are 32-bit,
 * pointers and ULONG_PTR 64-bit, WCHAR is UTF-16 (uint16_t, not wchar_t).
 * Status codes and flag bits are Windows' own values. SecurityFunctionTableA/W
 * is laid out exactly as Microsoft's sspi.h (version 5, 256 bytes on x86-64).
 *
 * Both A and W functions are always declared; the generic names
 * (AcquireCredentialsHandle, ...) map to W under UNICODE, as on Windows.
 * "ANSI" strings are UTF-8.
 *
 * Memory returned by the library is freed with FreeContextBuffer.
 * Kept by hand in sync with src/abi/sspi/types.rs and table.rs;
 * tests/layout.rs checks every size, offset and constant.
 */
#ifndef SSPI_SHIM_SSPI_H
#define SSPI_SHIM_SSPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SEC_ENTRY
#define SEC_FAR

#ifndef SSPI_SHIM_BASE_TYPES
#define SSPI_SHIM_BASE_TYPES
typedef uint16_t WCHAR;
typedef char CHAR;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t DWORD;
typedef uint16_t USHORT;
typedef uint8_t UCHAR;
typedef uint8_t BOOLEAN;
typedef size_t ULONG_PTR;
typedef void *PVOID;
typedef WCHAR *LPWSTR;
typedef CHAR *LPSTR;
#endif

typedef WCHAR SEC_WCHAR;
typedef CHAR SEC_CHAR;
typedef LONG SECURITY_STATUS;

/* FILETIME: 100 ns intervals since 1601-01-01 UTC. */
typedef int64_t TimeStamp;
typedef TimeStamp *PTimeStamp;

typedef struct _SecHandle {
    ULONG_PTR dwLower;
    ULONG_PTR dwUpper;
} SecHandle, *PSecHandle;

typedef SecHandle CredHandle;
typedef PSecHandle PCredHandle;
typedef SecHandle CtxtHandle;
typedef PSecHandle PCtxtHandle;

#define SecInvalidateHandle(x) ((PSecHandle)(x))->dwLower = ((PSecHandle)(x))->dwUpper = ((ULONG_PTR)((intptr_t)-1))
#define SecIsValidHandle(x) ((((PSecHandle)(x))->dwLower != ((ULONG_PTR)((intptr_t)-1))) && (((PSecHandle)(x))->dwUpper != ((ULONG_PTR)((intptr_t)-1))))

typedef struct _SecBuffer {
    ULONG cbBuffer;
    ULONG BufferType;
    void *pvBuffer;
} SecBuffer, *PSecBuffer;

typedef struct _SecBufferDesc {
    ULONG ulVersion;
    ULONG cBuffers;
    PSecBuffer pBuffers;
} SecBufferDesc, *PSecBufferDesc;

typedef struct _SecPkgInfoW {
    ULONG fCapabilities;
    USHORT wVersion;
    USHORT wRPCID;
    ULONG cbMaxToken;
    SEC_WCHAR *Name;
    SEC_WCHAR *Comment;
} SecPkgInfoW, *PSecPkgInfoW;

typedef struct _SecPkgInfoA {
    ULONG fCapabilities;
    USHORT wVersion;
    USHORT wRPCID;
    ULONG cbMaxToken;
    SEC_CHAR *Name;
    SEC_CHAR *Comment;
} SecPkgInfoA, *PSecPkgInfoA;

/* Lengths in characters (bytes for _A), without the NUL. */
typedef struct _SEC_WINNT_AUTH_IDENTITY_W {
    unsigned short *User;
    ULONG UserLength;
    unsigned short *Domain;
    ULONG DomainLength;
    unsigned short *Password;
    ULONG PasswordLength;
    ULONG Flags;
} SEC_WINNT_AUTH_IDENTITY_W, *PSEC_WINNT_AUTH_IDENTITY_W;

typedef struct _SEC_WINNT_AUTH_IDENTITY_A {
    unsigned char *User;
    ULONG UserLength;
    unsigned char *Domain;
    ULONG DomainLength;
    unsigned char *Password;
    ULONG PasswordLength;
    ULONG Flags;
} SEC_WINNT_AUTH_IDENTITY_A, *PSEC_WINNT_AUTH_IDENTITY_A;

typedef struct _SEC_WINNT_AUTH_IDENTITY_EXW {
    ULONG Version;
    ULONG Length;
    unsigned short *User;
    ULONG UserLength;
    unsigned short *Domain;
    ULONG DomainLength;
    unsigned short *Password;
    ULONG PasswordLength;
    ULONG Flags;
    unsigned short *PackageList;
    ULONG PackageListLength;
} SEC_WINNT_AUTH_IDENTITY_EXW, *PSEC_WINNT_AUTH_IDENTITY_EXW;

typedef struct _SEC_WINNT_AUTH_IDENTITY_EXA {
    ULONG Version;
    ULONG Length;
    unsigned char *User;
    ULONG UserLength;
    unsigned char *Domain;
    ULONG DomainLength;
    unsigned char *Password;
    ULONG PasswordLength;
    ULONG Flags;
    unsigned char *PackageList;
    ULONG PackageListLength;
} SEC_WINNT_AUTH_IDENTITY_EXA, *PSEC_WINNT_AUTH_IDENTITY_EXA;

typedef struct _SecPkgContext_Sizes {
    ULONG cbMaxToken;
    ULONG cbMaxSignature;
    ULONG cbBlockSize;
    ULONG cbSecurityTrailer;
} SecPkgContext_Sizes, *PSecPkgContext_Sizes;

typedef struct _SecPkgContext_StreamSizes {
    ULONG cbHeader;
    ULONG cbTrailer;
    ULONG cbMaximumMessage;
    ULONG cBuffers;
    ULONG cbBlockSize;
} SecPkgContext_StreamSizes, *PSecPkgContext_StreamSizes;

typedef struct _SecPkgContext_NamesW {
    SEC_WCHAR *sUserName;
} SecPkgContext_NamesW, *PSecPkgContext_NamesW;

typedef struct _SecPkgContext_NamesA {
    SEC_CHAR *sUserName;
} SecPkgContext_NamesA, *PSecPkgContext_NamesA;

typedef struct _SecPkgContext_Lifespan {
    TimeStamp tsStart;
    TimeStamp tsExpiry;
} SecPkgContext_Lifespan, *PSecPkgContext_Lifespan;

typedef struct _SecPkgContext_SessionKey {
    ULONG SessionKeyLength;
    unsigned char *SessionKey;
} SecPkgContext_SessionKey, *PSecPkgContext_SessionKey;

typedef struct _SecPkgContext_PackageInfoW {
    PSecPkgInfoW PackageInfo;
} SecPkgContext_PackageInfoW, *PSecPkgContext_PackageInfoW;

typedef struct _SecPkgContext_PackageInfoA {
    PSecPkgInfoA PackageInfo;
} SecPkgContext_PackageInfoA, *PSecPkgContext_PackageInfoA;

typedef struct _SecPkgContext_NegotiationInfoW {
    PSecPkgInfoW PackageInfo;
    ULONG NegotiationState;
} SecPkgContext_NegotiationInfoW, *PSecPkgContext_NegotiationInfoW;

typedef struct _SecPkgContext_NegotiationInfoA {
    PSecPkgInfoA PackageInfo;
    ULONG NegotiationState;
} SecPkgContext_NegotiationInfoA, *PSecPkgContext_NegotiationInfoA;

typedef struct _SecPkgContext_Flags {
    ULONG Flags;
} SecPkgContext_Flags, *PSecPkgContext_Flags;

typedef struct _SecPkgContext_NativeNamesW {
    SEC_WCHAR *sClientName;
    SEC_WCHAR *sServerName;
} SecPkgContext_NativeNamesW, *PSecPkgContext_NativeNamesW;

typedef struct _SecPkgContext_NativeNamesA {
    SEC_CHAR *sClientName;
    SEC_CHAR *sServerName;
} SecPkgContext_NativeNamesA, *PSecPkgContext_NativeNamesA;

typedef struct _SecPkgContext_KeyInfoW {
    SEC_WCHAR *sSignatureAlgorithmName;
    SEC_WCHAR *sEncryptAlgorithmName;
    ULONG KeySize;
    ULONG SignatureAlgorithm;
    ULONG EncryptAlgorithm;
} SecPkgContext_KeyInfoW, *PSecPkgContext_KeyInfoW;

typedef struct _SecPkgContext_KeyInfoA {
    SEC_CHAR *sSignatureAlgorithmName;
    SEC_CHAR *sEncryptAlgorithmName;
    ULONG KeySize;
    ULONG SignatureAlgorithm;
    ULONG EncryptAlgorithm;
} SecPkgContext_KeyInfoA, *PSecPkgContext_KeyInfoA;

typedef struct _SecPkgCredentials_NamesW {
    SEC_WCHAR *sUserName;
} SecPkgCredentials_NamesW, *PSecPkgCredentials_NamesW;

typedef struct _SecPkgCredentials_NamesA {
    SEC_CHAR *sUserName;
} SecPkgCredentials_NamesA, *PSecPkgCredentials_NamesA;

/* Offsets count from the start of this struct. */
typedef struct _SEC_CHANNEL_BINDINGS {
    ULONG dwInitiatorAddrType;
    ULONG cbInitiatorLength;
    ULONG dwInitiatorOffset;
    ULONG dwAcceptorAddrType;
    ULONG cbAcceptorLength;
    ULONG dwAcceptorOffset;
    ULONG cbApplicationDataLength;
    ULONG dwApplicationDataOffset;
} SEC_CHANNEL_BINDINGS, *PSEC_CHANNEL_BINDINGS;

typedef void (SEC_ENTRY *SEC_GET_KEY_FN)(void *Arg, void *Principal, ULONG KeyVer,
                                         void **Key, SECURITY_STATUS *Status);

/* ---- constants (Windows' values) ---------------------------------------- */

/* status codes (winerror.h) */
#define SEC_E_OK ((SECURITY_STATUS)0x00000000)
#define SEC_I_CONTINUE_NEEDED ((SECURITY_STATUS)0x00090312)
#define SEC_I_COMPLETE_NEEDED ((SECURITY_STATUS)0x00090313)
#define SEC_I_COMPLETE_AND_CONTINUE ((SECURITY_STATUS)0x00090314)
#define SEC_I_LOCAL_LOGON ((SECURITY_STATUS)0x00090315)
#define SEC_I_CONTEXT_EXPIRED ((SECURITY_STATUS)0x00090317)
#define SEC_I_INCOMPLETE_CREDENTIALS ((SECURITY_STATUS)0x00090320)
#define SEC_I_RENEGOTIATE ((SECURITY_STATUS)0x00090321)
#define SEC_I_NO_LSA_CONTEXT ((SECURITY_STATUS)0x00090323)
#define SEC_E_INSUFFICIENT_MEMORY ((SECURITY_STATUS)0x80090300)
#define SEC_E_INVALID_HANDLE ((SECURITY_STATUS)0x80090301)
#define SEC_E_UNSUPPORTED_FUNCTION ((SECURITY_STATUS)0x80090302)
#define SEC_E_TARGET_UNKNOWN ((SECURITY_STATUS)0x80090303)
#define SEC_E_INTERNAL_ERROR ((SECURITY_STATUS)0x80090304)
#define SEC_E_SECPKG_NOT_FOUND ((SECURITY_STATUS)0x80090305)
#define SEC_E_NOT_OWNER ((SECURITY_STATUS)0x80090306)
#define SEC_E_CANNOT_INSTALL ((SECURITY_STATUS)0x80090307)
#define SEC_E_INVALID_TOKEN ((SECURITY_STATUS)0x80090308)
#define SEC_E_CANNOT_PACK ((SECURITY_STATUS)0x80090309)
#define SEC_E_QOP_NOT_SUPPORTED ((SECURITY_STATUS)0x8009030A)
#define SEC_E_NO_IMPERSONATION ((SECURITY_STATUS)0x8009030B)
#define SEC_E_LOGON_DENIED ((SECURITY_STATUS)0x8009030C)
#define SEC_E_UNKNOWN_CREDENTIALS ((SECURITY_STATUS)0x8009030D)
#define SEC_E_NO_CREDENTIALS ((SECURITY_STATUS)0x8009030E)
#define SEC_E_MESSAGE_ALTERED ((SECURITY_STATUS)0x8009030F)
#define SEC_E_OUT_OF_SEQUENCE ((SECURITY_STATUS)0x80090310)
#define SEC_E_NO_AUTHENTICATING_AUTHORITY ((SECURITY_STATUS)0x80090311)
#define SEC_E_BAD_PKGID ((SECURITY_STATUS)0x80090316)
#define SEC_E_CONTEXT_EXPIRED ((SECURITY_STATUS)0x80090317)
#define SEC_E_INCOMPLETE_MESSAGE ((SECURITY_STATUS)0x80090318)
#define SEC_E_INCOMPLETE_CREDENTIALS ((SECURITY_STATUS)0x80090320)
#define SEC_E_BUFFER_TOO_SMALL ((SECURITY_STATUS)0x80090321)
#define SEC_E_WRONG_PRINCIPAL ((SECURITY_STATUS)0x80090322)
#define SEC_E_TIME_SKEW ((SECURITY_STATUS)0x80090324)
#define SEC_E_ILLEGAL_MESSAGE ((SECURITY_STATUS)0x80090326)
#define SEC_E_ENCRYPT_FAILURE ((SECURITY_STATUS)0x80090329)
#define SEC_E_DECRYPT_FAILURE ((SECURITY_STATUS)0x80090330)
#define SEC_E_ALGORITHM_MISMATCH ((SECURITY_STATUS)0x80090331)
#define SEC_E_KDC_UNKNOWN_ETYPE ((SECURITY_STATUS)0x80090341)
#define SEC_E_BAD_BINDINGS ((SECURITY_STATUS)0x80090346)
#define SEC_E_DOWNGRADE_DETECTED ((SECURITY_STATUS)0x80090350)
#define SEC_E_WRONG_CREDENTIAL_HANDLE ((SECURITY_STATUS)0x80090357)
#define SEC_E_INVALID_PARAMETER ((SECURITY_STATUS)0x8009035D)

/* function table versions */
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION 1u
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_2 2u
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_3 3u
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_4 4u
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5 5u

/* credential use */
#define SECPKG_CRED_INBOUND 1u
#define SECPKG_CRED_OUTBOUND 2u
#define SECPKG_CRED_BOTH 3u
#define SECPKG_CRED_DEFAULT 4u
#define SECPKG_CRED_AUTOLOGON_RESTRICTED 0x00000010u
#define SECPKG_CRED_PROCESS_POLICY_ONLY 0x00000020u
#define SECPKG_CRED_ATTR_NAMES 1u

/* auth identity */
#define SEC_WINNT_AUTH_IDENTITY_ANSI 1u
#define SEC_WINNT_AUTH_IDENTITY_UNICODE 2u
#define SEC_WINNT_AUTH_IDENTITY_VERSION 0x00000200u
#define SEC_WINNT_AUTH_IDENTITY_VERSION_2 0x00000201u

/* data representation */
#define SECURITY_NATIVE_DREP 0x00000010u
#define SECURITY_NETWORK_DREP 0u

/* quality of protection */
#define SECQOP_WRAP_NO_ENCRYPT 0x80000001u
#define SECQOP_WRAP_OOB_DATA 0x40000000u

/* buffers */
#define SECBUFFER_VERSION 0u
#define SECBUFFER_EMPTY 0u
#define SECBUFFER_DATA 1u
#define SECBUFFER_TOKEN 2u
#define SECBUFFER_PKG_PARAMS 3u
#define SECBUFFER_MISSING 4u
#define SECBUFFER_EXTRA 5u
#define SECBUFFER_STREAM_TRAILER 6u
#define SECBUFFER_STREAM_HEADER 7u
#define SECBUFFER_NEGOTIATION_INFO 8u
#define SECBUFFER_PADDING 9u
#define SECBUFFER_STREAM 0x0000000Au
#define SECBUFFER_MECHLIST 0x0000000Bu
#define SECBUFFER_MECHLIST_SIGNATURE 0x0000000Cu
#define SECBUFFER_TARGET 0x0000000Du
#define SECBUFFER_CHANNEL_BINDINGS 0x0000000Eu
#define SECBUFFER_CHANGE_PASS_RESPONSE 0x0000000Fu
#define SECBUFFER_TARGET_HOST 0x00000010u
#define SECBUFFER_ALERT 0x00000011u
#define SECBUFFER_APPLICATION_PROTOCOLS 0x00000012u
#define SECBUFFER_ATTRMASK 0xF0000000u
#define SECBUFFER_READONLY 0x80000000u
#define SECBUFFER_READONLY_WITH_CHECKSUM 0x10000000u
#define SECBUFFER_RESERVED 0x60000000u

/* package capabilities (SecPkgInfo.fCapabilities) */
#define SECPKG_FLAG_INTEGRITY 1u
#define SECPKG_FLAG_PRIVACY 2u
#define SECPKG_FLAG_TOKEN_ONLY 4u
#define SECPKG_FLAG_DATAGRAM 8u
#define SECPKG_FLAG_CONNECTION 0x00000010u
#define SECPKG_FLAG_MULTI_REQUIRED 0x00000020u
#define SECPKG_FLAG_CLIENT_ONLY 0x00000040u
#define SECPKG_FLAG_EXTENDED_ERROR 0x00000080u
#define SECPKG_FLAG_IMPERSONATION 0x00000100u
#define SECPKG_FLAG_ACCEPT_WIN32_NAME 0x00000200u
#define SECPKG_FLAG_STREAM 0x00000400u
#define SECPKG_FLAG_NEGOTIABLE 0x00000800u
#define SECPKG_FLAG_GSS_COMPATIBLE 0x00001000u
#define SECPKG_FLAG_LOGON 0x00002000u
#define SECPKG_FLAG_ASCII_BUFFERS 0x00004000u
#define SECPKG_FLAG_FRAGMENT 0x00008000u
#define SECPKG_FLAG_MUTUAL_AUTH 0x00010000u
#define SECPKG_FLAG_DELEGATION 0x00020000u
#define SECPKG_FLAG_READONLY_WITH_CHECKSUM 0x00040000u
#define SECPKG_FLAG_RESTRICTED_TOKENS 0x00080000u
#define SECPKG_FLAG_NEGO_EXTENDER 0x00100000u
#define SECPKG_FLAG_NEGOTIABLE2 0x00200000u
#define SECPKG_FLAG_APPCONTAINER_PASSTHROUGH 0x00400000u
#define SECPKG_FLAG_APPCONTAINER_CHECKS 0x00800000u

/* context attributes (QueryContextAttributes ulAttribute) */
#define SECPKG_ATTR_SIZES 0u
#define SECPKG_ATTR_NAMES 1u
#define SECPKG_ATTR_LIFESPAN 2u
#define SECPKG_ATTR_DCE_INFO 3u
#define SECPKG_ATTR_STREAM_SIZES 4u
#define SECPKG_ATTR_KEY_INFO 5u
#define SECPKG_ATTR_AUTHORITY 6u
#define SECPKG_ATTR_PROTO_INFO 7u
#define SECPKG_ATTR_PASSWORD_EXPIRY 8u
#define SECPKG_ATTR_SESSION_KEY 9u
#define SECPKG_ATTR_PACKAGE_INFO 0x0000000Au
#define SECPKG_ATTR_USER_FLAGS 0x0000000Bu
#define SECPKG_ATTR_NEGOTIATION_INFO 0x0000000Cu
#define SECPKG_ATTR_NATIVE_NAMES 0x0000000Du
#define SECPKG_ATTR_FLAGS 0x0000000Eu
#define SECPKG_ATTR_USE_VALIDATED 0x0000000Fu
#define SECPKG_ATTR_CREDENTIAL_NAME 0x00000010u
#define SECPKG_ATTR_TARGET_INFORMATION 0x00000011u
#define SECPKG_ATTR_ACCESS_TOKEN 0x00000012u
#define SECPKG_ATTR_TARGET 0x00000013u
#define SECPKG_ATTR_AUTHENTICATION_ID 0x00000014u
#define SECPKG_ATTR_LOGOFF_TIME 0x00000015u
#define SECPKG_ATTR_NEGO_KEYS 0x00000016u
#define SECPKG_ATTR_PROMPTING_NEEDED 0x00000018u
#define SECPKG_ATTR_UNIQUE_BINDINGS 0x00000019u
#define SECPKG_ATTR_ENDPOINT_BINDINGS 0x0000001Au
#define SECPKG_ATTR_CLIENT_SPECIFIED_TARGET 0x0000001Bu
#define SECPKG_ATTR_LAST_CLIENT_TOKEN_STATUS 0x0000001Eu
#define SECPKG_ATTR_NEGO_PKG_INFO 0x0000001Fu
#define SECPKG_ATTR_NEGO_STATUS 0x00000020u
#define SECPKG_ATTR_CONTEXT_DELETED 0x00000021u

/* negotiation state (SecPkgContext_NegotiationInfo) */
#define SECPKG_NEGOTIATION_COMPLETE 0u
#define SECPKG_NEGOTIATION_OPTIMISTIC 1u
#define SECPKG_NEGOTIATION_IN_PROGRESS 2u
#define SECPKG_NEGOTIATION_DIRECT 3u
#define SECPKG_NEGOTIATION_TRY_MULTICRED 4u

/* InitializeSecurityContext requests */
#define ISC_REQ_DELEGATE 1u
#define ISC_REQ_MUTUAL_AUTH 2u
#define ISC_REQ_REPLAY_DETECT 4u
#define ISC_REQ_SEQUENCE_DETECT 8u
#define ISC_REQ_CONFIDENTIALITY 0x00000010u
#define ISC_REQ_USE_SESSION_KEY 0x00000020u
#define ISC_REQ_PROMPT_FOR_CREDS 0x00000040u
#define ISC_REQ_USE_SUPPLIED_CREDS 0x00000080u
#define ISC_REQ_ALLOCATE_MEMORY 0x00000100u
#define ISC_REQ_USE_DCE_STYLE 0x00000200u
#define ISC_REQ_DATAGRAM 0x00000400u
#define ISC_REQ_CONNECTION 0x00000800u
#define ISC_REQ_CALL_LEVEL 0x00001000u
#define ISC_REQ_FRAGMENT_SUPPLIED 0x00002000u
#define ISC_REQ_EXTENDED_ERROR 0x00004000u
#define ISC_REQ_STREAM 0x00008000u
#define ISC_REQ_INTEGRITY 0x00010000u
#define ISC_REQ_IDENTIFY 0x00020000u
#define ISC_REQ_NULL_SESSION 0x00040000u
#define ISC_REQ_MANUAL_CRED_VALIDATION 0x00080000u
#define ISC_REQ_RESERVED1 0x00100000u
#define ISC_REQ_FRAGMENT_TO_FIT 0x00200000u
#define ISC_REQ_FORWARD_CREDENTIALS 0x00400000u
#define ISC_REQ_NO_INTEGRITY 0x00800000u
#define ISC_REQ_USE_HTTP_STYLE 0x01000000u
#define ISC_REQ_UNVERIFIED_TARGET_NAME 0x20000000u
#define ISC_REQ_CONFIDENTIALITY_ONLY 0x40000000u

/* InitializeSecurityContext results */
#define ISC_RET_DELEGATE 1u
#define ISC_RET_MUTUAL_AUTH 2u
#define ISC_RET_REPLAY_DETECT 4u
#define ISC_RET_SEQUENCE_DETECT 8u
#define ISC_RET_CONFIDENTIALITY 0x00000010u
#define ISC_RET_USE_SESSION_KEY 0x00000020u
#define ISC_RET_USED_COLLECTED_CREDS 0x00000040u
#define ISC_RET_USED_SUPPLIED_CREDS 0x00000080u
#define ISC_RET_ALLOCATED_MEMORY 0x00000100u
#define ISC_RET_USED_DCE_STYLE 0x00000200u
#define ISC_RET_DATAGRAM 0x00000400u
#define ISC_RET_CONNECTION 0x00000800u
#define ISC_RET_INTERMEDIATE_RETURN 0x00001000u
#define ISC_RET_CALL_LEVEL 0x00002000u
#define ISC_RET_EXTENDED_ERROR 0x00004000u
#define ISC_RET_STREAM 0x00008000u
#define ISC_RET_INTEGRITY 0x00010000u
#define ISC_RET_IDENTIFY 0x00020000u
#define ISC_RET_NULL_SESSION 0x00040000u
#define ISC_RET_MANUAL_CRED_VALIDATION 0x00080000u
#define ISC_RET_RESERVED1 0x00100000u
#define ISC_RET_FRAGMENT_ONLY 0x00200000u
#define ISC_RET_FORWARD_CREDENTIALS 0x00400000u
#define ISC_RET_USED_HTTP_STYLE 0x01000000u
#define ISC_RET_NO_ADDITIONAL_TOKEN 0x02000000u
#define ISC_RET_REAUTHENTICATION 0x08000000u
#define ISC_RET_CONFIDENTIALITY_ONLY 0x40000000u

/* AcceptSecurityContext requests */
#define ASC_REQ_DELEGATE 1u
#define ASC_REQ_MUTUAL_AUTH 2u
#define ASC_REQ_REPLAY_DETECT 4u
#define ASC_REQ_SEQUENCE_DETECT 8u
#define ASC_REQ_CONFIDENTIALITY 0x00000010u
#define ASC_REQ_USE_SESSION_KEY 0x00000020u
#define ASC_REQ_SESSION_TICKET 0x00000040u
#define ASC_REQ_ALLOCATE_MEMORY 0x00000100u
#define ASC_REQ_USE_DCE_STYLE 0x00000200u
#define ASC_REQ_DATAGRAM 0x00000400u
#define ASC_REQ_CONNECTION 0x00000800u
#define ASC_REQ_CALL_LEVEL 0x00001000u
#define ASC_REQ_FRAGMENT_SUPPLIED 0x00002000u
#define ASC_REQ_EXTENDED_ERROR 0x00008000u
#define ASC_REQ_STREAM 0x00010000u
#define ASC_REQ_INTEGRITY 0x00020000u
#define ASC_REQ_LICENSING 0x00040000u
#define ASC_REQ_IDENTIFY 0x00080000u
#define ASC_REQ_ALLOW_NULL_SESSION 0x00100000u
#define ASC_REQ_ALLOW_NON_USER_LOGONS 0x00200000u
#define ASC_REQ_ALLOW_CONTEXT_REPLAY 0x00400000u
#define ASC_REQ_FRAGMENT_TO_FIT 0x00800000u
#define ASC_REQ_NO_TOKEN 0x01000000u
#define ASC_REQ_PROXY_BINDINGS 0x04000000u
#define ASC_REQ_ALLOW_MISSING_BINDINGS 0x10000000u

/* AcceptSecurityContext results */
#define ASC_RET_DELEGATE 1u
#define ASC_RET_MUTUAL_AUTH 2u
#define ASC_RET_REPLAY_DETECT 4u
#define ASC_RET_SEQUENCE_DETECT 8u
#define ASC_RET_CONFIDENTIALITY 0x00000010u
#define ASC_RET_USE_SESSION_KEY 0x00000020u
#define ASC_RET_SESSION_TICKET 0x00000040u
#define ASC_RET_ALLOCATED_MEMORY 0x00000100u
#define ASC_RET_USED_DCE_STYLE 0x00000200u
#define ASC_RET_DATAGRAM 0x00000400u
#define ASC_RET_CONNECTION 0x00000800u
#define ASC_RET_CALL_LEVEL 0x00002000u
#define ASC_RET_THIRD_LEG_FAILED 0x00004000u
#define ASC_RET_EXTENDED_ERROR 0x00008000u
#define ASC_RET_STREAM 0x00010000u
#define ASC_RET_INTEGRITY 0x00020000u
#define ASC_RET_LICENSING 0x00040000u
#define ASC_RET_IDENTIFY 0x00080000u
#define ASC_RET_NULL_SESSION 0x00100000u
#define ASC_RET_ALLOW_NON_USER_LOGONS 0x00200000u
#define ASC_RET_ALLOW_CONTEXT_REPLAY 0x00400000u
#define ASC_RET_FRAGMENT_ONLY 0x00800000u
#define ASC_RET_NO_TOKEN 0x01000000u
#define ASC_RET_NO_ADDITIONAL_TOKEN 0x02000000u
#define SEC_SUCCESS(Status) ((Status) >= 0)
#define SEC_WINNT_AUTH_IDENTITY_MARSHALLED 0x4u
#define SEC_WINNT_AUTH_IDENTITY_ONLY 0x8u

/* ---- functions ---------------------------------------------------------- */

SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesW(ULONG *pcPackages, PSecPkgInfoW *ppPackageInfo);
SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesA(ULONG *pcPackages, PSecPkgInfoA *ppPackageInfo);
typedef SECURITY_STATUS (SEC_ENTRY *ENUMERATE_SECURITY_PACKAGES_FN_W)(ULONG *, PSecPkgInfoW *);
typedef SECURITY_STATUS (SEC_ENTRY *ENUMERATE_SECURITY_PACKAGES_FN_A)(ULONG *, PSecPkgInfoA *);

SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoW(const SEC_WCHAR *pszPackageName, PSecPkgInfoW *ppPackageInfo);
SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoA(const SEC_CHAR *pszPackageName, PSecPkgInfoA *ppPackageInfo);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_PACKAGE_INFO_FN_W)(const SEC_WCHAR *, PSecPkgInfoW *);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_PACKAGE_INFO_FN_A)(const SEC_CHAR *, PSecPkgInfoA *);

SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleW(const SEC_WCHAR *pszPrincipal, const SEC_WCHAR *pszPackage,
    ULONG fCredentialUse, void *pvLogonId, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
    void *pvGetKeyArgument, PCredHandle phCredential, PTimeStamp ptsExpiry);
SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleA(const SEC_CHAR *pszPrincipal, const SEC_CHAR *pszPackage,
    ULONG fCredentialUse, void *pvLogonId, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
    void *pvGetKeyArgument, PCredHandle phCredential, PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *ACQUIRE_CREDENTIALS_HANDLE_FN_W)(const SEC_WCHAR *, const SEC_WCHAR *,
    ULONG, void *, void *, SEC_GET_KEY_FN, void *, PCredHandle, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *ACQUIRE_CREDENTIALS_HANDLE_FN_A)(const SEC_CHAR *, const SEC_CHAR *,
    ULONG, void *, void *, SEC_GET_KEY_FN, void *, PCredHandle, PTimeStamp);

SECURITY_STATUS SEC_ENTRY AddCredentialsW(PCredHandle hCredentials, SEC_WCHAR *pszPrincipal, SEC_WCHAR *pszPackage,
    ULONG fCredentialUse, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument, PTimeStamp ptsExpiry);
SECURITY_STATUS SEC_ENTRY AddCredentialsA(PCredHandle hCredentials, SEC_CHAR *pszPrincipal, SEC_CHAR *pszPackage,
    ULONG fCredentialUse, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument, PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *ADD_CREDENTIALS_FN_W)(PCredHandle, SEC_WCHAR *, SEC_WCHAR *, ULONG, void *,
    SEC_GET_KEY_FN, void *, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *ADD_CREDENTIALS_FN_A)(PCredHandle, SEC_CHAR *, SEC_CHAR *, ULONG, void *,
    SEC_GET_KEY_FN, void *, PTimeStamp);

SECURITY_STATUS SEC_ENTRY FreeCredentialsHandle(PCredHandle phCredential);
typedef SECURITY_STATUS (SEC_ENTRY *FREE_CREDENTIALS_HANDLE_FN)(PCredHandle);

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesW(PCredHandle phCredential, ULONG ulAttribute, void *pBuffer);
SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesA(PCredHandle phCredential, ULONG ulAttribute, void *pBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_FN_W)(PCredHandle, ULONG, void *);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_FN_A)(PCredHandle, ULONG, void *);

SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesW(PCredHandle phCredential, ULONG ulAttribute, void *pBuffer, ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesA(PCredHandle phCredential, ULONG ulAttribute, void *pBuffer, ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CREDENTIALS_ATTRIBUTES_FN_W)(PCredHandle, ULONG, void *, ULONG);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CREDENTIALS_ATTRIBUTES_FN_A)(PCredHandle, ULONG, void *, ULONG);

SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExW(PCredHandle phCredential, ULONG ulAttribute, void *pBuffer, ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExA(PCredHandle phCredential, ULONG ulAttribute, void *pBuffer, ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W)(PCredHandle, ULONG, void *, ULONG);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A)(PCredHandle, ULONG, void *, ULONG);

SECURITY_STATUS SEC_ENTRY InitializeSecurityContextW(PCredHandle phCredential, PCtxtHandle phContext,
    const SEC_WCHAR *pszTargetName, ULONG fContextReq, ULONG Reserved1, ULONG TargetDataRep,
    PSecBufferDesc pInput, ULONG Reserved2, PCtxtHandle phNewContext, PSecBufferDesc pOutput,
    ULONG *pfContextAttr, PTimeStamp ptsExpiry);
SECURITY_STATUS SEC_ENTRY InitializeSecurityContextA(PCredHandle phCredential, PCtxtHandle phContext,
    const SEC_CHAR *pszTargetName, ULONG fContextReq, ULONG Reserved1, ULONG TargetDataRep,
    PSecBufferDesc pInput, ULONG Reserved2, PCtxtHandle phNewContext, PSecBufferDesc pOutput,
    ULONG *pfContextAttr, PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *INITIALIZE_SECURITY_CONTEXT_FN_W)(PCredHandle, PCtxtHandle, const SEC_WCHAR *,
    ULONG, ULONG, ULONG, PSecBufferDesc, ULONG, PCtxtHandle, PSecBufferDesc, ULONG *, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *INITIALIZE_SECURITY_CONTEXT_FN_A)(PCredHandle, PCtxtHandle, const SEC_CHAR *,
    ULONG, ULONG, ULONG, PSecBufferDesc, ULONG, PCtxtHandle, PSecBufferDesc, ULONG *, PTimeStamp);

SECURITY_STATUS SEC_ENTRY AcceptSecurityContext(PCredHandle phCredential, PCtxtHandle phContext,
    PSecBufferDesc pInput, ULONG fContextReq, ULONG TargetDataRep, PCtxtHandle phNewContext,
    PSecBufferDesc pOutput, ULONG *pfContextAttr, PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *ACCEPT_SECURITY_CONTEXT_FN)(PCredHandle, PCtxtHandle, PSecBufferDesc,
    ULONG, ULONG, PCtxtHandle, PSecBufferDesc, ULONG *, PTimeStamp);

SECURITY_STATUS SEC_ENTRY CompleteAuthToken(PCtxtHandle phContext, PSecBufferDesc pToken);
typedef SECURITY_STATUS (SEC_ENTRY *COMPLETE_AUTH_TOKEN_FN)(PCtxtHandle, PSecBufferDesc);

SECURITY_STATUS SEC_ENTRY DeleteSecurityContext(PCtxtHandle phContext);
typedef SECURITY_STATUS (SEC_ENTRY *DELETE_SECURITY_CONTEXT_FN)(PCtxtHandle);

SECURITY_STATUS SEC_ENTRY ApplyControlToken(PCtxtHandle phContext, PSecBufferDesc pInput);
typedef SECURITY_STATUS (SEC_ENTRY *APPLY_CONTROL_TOKEN_FN)(PCtxtHandle, PSecBufferDesc);

SECURITY_STATUS SEC_ENTRY QueryContextAttributesW(PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer);
SECURITY_STATUS SEC_ENTRY QueryContextAttributesA(PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_FN_W)(PCtxtHandle, ULONG, void *);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_FN_A)(PCtxtHandle, ULONG, void *);

SECURITY_STATUS SEC_ENTRY QueryContextAttributesExW(PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer, ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY QueryContextAttributesExA(PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer, ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_EX_FN_W)(PCtxtHandle, ULONG, void *, ULONG);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_EX_FN_A)(PCtxtHandle, ULONG, void *, ULONG);

SECURITY_STATUS SEC_ENTRY SetContextAttributesW(PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer, ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY SetContextAttributesA(PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer, ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CONTEXT_ATTRIBUTES_FN_W)(PCtxtHandle, ULONG, void *, ULONG);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CONTEXT_ATTRIBUTES_FN_A)(PCtxtHandle, ULONG, void *, ULONG);

SECURITY_STATUS SEC_ENTRY ImpersonateSecurityContext(PCtxtHandle phContext);
typedef SECURITY_STATUS (SEC_ENTRY *IMPERSONATE_SECURITY_CONTEXT_FN)(PCtxtHandle);
SECURITY_STATUS SEC_ENTRY RevertSecurityContext(PCtxtHandle phContext);
typedef SECURITY_STATUS (SEC_ENTRY *REVERT_SECURITY_CONTEXT_FN)(PCtxtHandle);
SECURITY_STATUS SEC_ENTRY QuerySecurityContextToken(PCtxtHandle phContext, void **Token);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_CONTEXT_TOKEN_FN)(PCtxtHandle, void **);

SECURITY_STATUS SEC_ENTRY MakeSignature(PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage, ULONG MessageSeqNo);
typedef SECURITY_STATUS (SEC_ENTRY *MAKE_SIGNATURE_FN)(PCtxtHandle, ULONG, PSecBufferDesc, ULONG);
SECURITY_STATUS SEC_ENTRY VerifySignature(PCtxtHandle phContext, PSecBufferDesc pMessage, ULONG MessageSeqNo, ULONG *pfQOP);
typedef SECURITY_STATUS (SEC_ENTRY *VERIFY_SIGNATURE_FN)(PCtxtHandle, PSecBufferDesc, ULONG, ULONG *);
SECURITY_STATUS SEC_ENTRY EncryptMessage(PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage, ULONG MessageSeqNo);
typedef SECURITY_STATUS (SEC_ENTRY *ENCRYPT_MESSAGE_FN)(PCtxtHandle, ULONG, PSecBufferDesc, ULONG);
SECURITY_STATUS SEC_ENTRY DecryptMessage(PCtxtHandle phContext, PSecBufferDesc pMessage, ULONG MessageSeqNo, ULONG *pfQOP);
typedef SECURITY_STATUS (SEC_ENTRY *DECRYPT_MESSAGE_FN)(PCtxtHandle, PSecBufferDesc, ULONG, ULONG *);

SECURITY_STATUS SEC_ENTRY FreeContextBuffer(void *pvContextBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *FREE_CONTEXT_BUFFER_FN)(void *);

SECURITY_STATUS SEC_ENTRY ExportSecurityContext(PCtxtHandle phContext, ULONG fFlags, PSecBuffer pPackedContext, void **pToken);
typedef SECURITY_STATUS (SEC_ENTRY *EXPORT_SECURITY_CONTEXT_FN)(PCtxtHandle, ULONG, PSecBuffer, void **);
SECURITY_STATUS SEC_ENTRY ImportSecurityContextW(SEC_WCHAR *pszPackage, PSecBuffer pPackedContext, void *Token, PCtxtHandle phContext);
SECURITY_STATUS SEC_ENTRY ImportSecurityContextA(SEC_CHAR *pszPackage, PSecBuffer pPackedContext, void *Token, PCtxtHandle phContext);
typedef SECURITY_STATUS (SEC_ENTRY *IMPORT_SECURITY_CONTEXT_FN_W)(SEC_WCHAR *, PSecBuffer, void *, PCtxtHandle);
typedef SECURITY_STATUS (SEC_ENTRY *IMPORT_SECURITY_CONTEXT_FN_A)(SEC_CHAR *, PSecBuffer, void *, PCtxtHandle);

SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordW(SEC_WCHAR *pszPackageName, SEC_WCHAR *pszDomainName,
    SEC_WCHAR *pszAccountName, SEC_WCHAR *pszOldPassword, SEC_WCHAR *pszNewPassword,
    BOOLEAN bImpersonating, ULONG dwReserved, PSecBufferDesc pOutput);
SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordA(SEC_CHAR *pszPackageName, SEC_CHAR *pszDomainName,
    SEC_CHAR *pszAccountName, SEC_CHAR *pszOldPassword, SEC_CHAR *pszNewPassword,
    BOOLEAN bImpersonating, ULONG dwReserved, PSecBufferDesc pOutput);
typedef SECURITY_STATUS (SEC_ENTRY *CHANGE_PASSWORD_FN_W)(SEC_WCHAR *, SEC_WCHAR *, SEC_WCHAR *, SEC_WCHAR *,
    SEC_WCHAR *, BOOLEAN, ULONG, PSecBufferDesc);
typedef SECURITY_STATUS (SEC_ENTRY *CHANGE_PASSWORD_FN_A)(SEC_CHAR *, SEC_CHAR *, SEC_CHAR *, SEC_CHAR *,
    SEC_CHAR *, BOOLEAN, ULONG, PSecBufferDesc);

/* ---- function tables (Microsoft's layout; 256 bytes on x86-64) ---------- */

typedef struct _SECURITY_FUNCTION_TABLE_W {
    ULONG dwVersion;
    ENUMERATE_SECURITY_PACKAGES_FN_W EnumerateSecurityPackagesW;
    QUERY_CREDENTIALS_ATTRIBUTES_FN_W QueryCredentialsAttributesW;
    ACQUIRE_CREDENTIALS_HANDLE_FN_W AcquireCredentialsHandleW;
    FREE_CREDENTIALS_HANDLE_FN FreeCredentialsHandle;
    void *Reserved2;
    INITIALIZE_SECURITY_CONTEXT_FN_W InitializeSecurityContextW;
    ACCEPT_SECURITY_CONTEXT_FN AcceptSecurityContext;
    COMPLETE_AUTH_TOKEN_FN CompleteAuthToken;
    DELETE_SECURITY_CONTEXT_FN DeleteSecurityContext;
    APPLY_CONTROL_TOKEN_FN ApplyControlToken;
    QUERY_CONTEXT_ATTRIBUTES_FN_W QueryContextAttributesW;
    IMPERSONATE_SECURITY_CONTEXT_FN ImpersonateSecurityContext;
    REVERT_SECURITY_CONTEXT_FN RevertSecurityContext;
    MAKE_SIGNATURE_FN MakeSignature;
    VERIFY_SIGNATURE_FN VerifySignature;
    FREE_CONTEXT_BUFFER_FN FreeContextBuffer;
    QUERY_SECURITY_PACKAGE_INFO_FN_W QuerySecurityPackageInfoW;
    ENCRYPT_MESSAGE_FN Reserved3; /* EncryptMessage, as Windows' sspicli fills it */
    DECRYPT_MESSAGE_FN Reserved4; /* DecryptMessage */
    EXPORT_SECURITY_CONTEXT_FN ExportSecurityContext;
    IMPORT_SECURITY_CONTEXT_FN_W ImportSecurityContextW;
    ADD_CREDENTIALS_FN_W AddCredentialsW;
    void *Reserved8;
    QUERY_SECURITY_CONTEXT_TOKEN_FN QuerySecurityContextToken;
    ENCRYPT_MESSAGE_FN EncryptMessage;
    DECRYPT_MESSAGE_FN DecryptMessage;
    SET_CONTEXT_ATTRIBUTES_FN_W SetContextAttributesW;
    SET_CREDENTIALS_ATTRIBUTES_FN_W SetCredentialsAttributesW;
    CHANGE_PASSWORD_FN_W ChangeAccountPasswordW; /* "Reserved9" in sspi.h when ISSP_MODE == 0 */
    QUERY_CONTEXT_ATTRIBUTES_EX_FN_W QueryContextAttributesExW;
    QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W QueryCredentialsAttributesExW;
} SecurityFunctionTableW, *PSecurityFunctionTableW;

typedef struct _SECURITY_FUNCTION_TABLE_A {
    ULONG dwVersion;
    ENUMERATE_SECURITY_PACKAGES_FN_A EnumerateSecurityPackagesA;
    QUERY_CREDENTIALS_ATTRIBUTES_FN_A QueryCredentialsAttributesA;
    ACQUIRE_CREDENTIALS_HANDLE_FN_A AcquireCredentialsHandleA;
    FREE_CREDENTIALS_HANDLE_FN FreeCredentialsHandle;
    void *Reserved2;
    INITIALIZE_SECURITY_CONTEXT_FN_A InitializeSecurityContextA;
    ACCEPT_SECURITY_CONTEXT_FN AcceptSecurityContext;
    COMPLETE_AUTH_TOKEN_FN CompleteAuthToken;
    DELETE_SECURITY_CONTEXT_FN DeleteSecurityContext;
    APPLY_CONTROL_TOKEN_FN ApplyControlToken;
    QUERY_CONTEXT_ATTRIBUTES_FN_A QueryContextAttributesA;
    IMPERSONATE_SECURITY_CONTEXT_FN ImpersonateSecurityContext;
    REVERT_SECURITY_CONTEXT_FN RevertSecurityContext;
    MAKE_SIGNATURE_FN MakeSignature;
    VERIFY_SIGNATURE_FN VerifySignature;
    FREE_CONTEXT_BUFFER_FN FreeContextBuffer;
    QUERY_SECURITY_PACKAGE_INFO_FN_A QuerySecurityPackageInfoA;
    ENCRYPT_MESSAGE_FN Reserved3;
    DECRYPT_MESSAGE_FN Reserved4;
    EXPORT_SECURITY_CONTEXT_FN ExportSecurityContext;
    IMPORT_SECURITY_CONTEXT_FN_A ImportSecurityContextA;
    ADD_CREDENTIALS_FN_A AddCredentialsA;
    void *Reserved8;
    QUERY_SECURITY_CONTEXT_TOKEN_FN QuerySecurityContextToken;
    ENCRYPT_MESSAGE_FN EncryptMessage;
    DECRYPT_MESSAGE_FN DecryptMessage;
    SET_CONTEXT_ATTRIBUTES_FN_A SetContextAttributesA;
    SET_CREDENTIALS_ATTRIBUTES_FN_A SetCredentialsAttributesA;
    CHANGE_PASSWORD_FN_A ChangeAccountPasswordA;
    QUERY_CONTEXT_ATTRIBUTES_EX_FN_A QueryContextAttributesExA;
    QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A QueryCredentialsAttributesExA;
} SecurityFunctionTableA, *PSecurityFunctionTableA;

/* One static table each: the same pointer on every call; never free it. */
PSecurityFunctionTableW SEC_ENTRY InitSecurityInterfaceW(void);
PSecurityFunctionTableA SEC_ENTRY InitSecurityInterfaceA(void);
typedef PSecurityFunctionTableW (SEC_ENTRY *INIT_SECURITY_INTERFACE_W)(void);
typedef PSecurityFunctionTableA (SEC_ENTRY *INIT_SECURITY_INTERFACE_A)(void);

#define SECURITY_ENTRYPOINT_ANSIA "InitSecurityInterfaceA"
#define SECURITY_ENTRYPOINT_ANSIW "InitSecurityInterfaceW"

/* ---- generic names --------------------------------------------------------- */
#ifdef UNICODE
typedef SEC_WCHAR *SECURITY_PSTR;
typedef const SEC_WCHAR *SECURITY_PCSTR;
typedef SecPkgInfoW SecPkgInfo;
typedef PSecPkgInfoW PSecPkgInfo;
typedef SEC_WINNT_AUTH_IDENTITY_W SEC_WINNT_AUTH_IDENTITY;
typedef PSEC_WINNT_AUTH_IDENTITY_W PSEC_WINNT_AUTH_IDENTITY;
typedef SEC_WINNT_AUTH_IDENTITY_EXW SEC_WINNT_AUTH_IDENTITY_EX;
typedef PSEC_WINNT_AUTH_IDENTITY_EXW PSEC_WINNT_AUTH_IDENTITY_EX;
typedef SecPkgContext_NamesW SecPkgContext_Names;
typedef SecPkgContext_PackageInfoW SecPkgContext_PackageInfo;
typedef SecPkgContext_NegotiationInfoW SecPkgContext_NegotiationInfo;
typedef SecPkgContext_NativeNamesW SecPkgContext_NativeNames;
typedef SecPkgContext_KeyInfoW SecPkgContext_KeyInfo;
typedef SecPkgCredentials_NamesW SecPkgCredentials_Names;
typedef SecurityFunctionTableW SecurityFunctionTable;
typedef PSecurityFunctionTableW PSecurityFunctionTable;
#define SECURITY_ENTRYPOINT SECURITY_ENTRYPOINT_ANSIW
#define EnumerateSecurityPackages EnumerateSecurityPackagesW
#define QuerySecurityPackageInfo QuerySecurityPackageInfoW
#define AcquireCredentialsHandle AcquireCredentialsHandleW
#define AddCredentials AddCredentialsW
#define QueryCredentialsAttributes QueryCredentialsAttributesW
#define SetCredentialsAttributes SetCredentialsAttributesW
#define QueryCredentialsAttributesEx QueryCredentialsAttributesExW
#define InitializeSecurityContext InitializeSecurityContextW
#define QueryContextAttributes QueryContextAttributesW
#define QueryContextAttributesEx QueryContextAttributesExW
#define SetContextAttributes SetContextAttributesW
#define ImportSecurityContext ImportSecurityContextW
#define ChangeAccountPassword ChangeAccountPasswordW
#define InitSecurityInterface InitSecurityInterfaceW
#else
typedef SEC_CHAR *SECURITY_PSTR;
typedef const SEC_CHAR *SECURITY_PCSTR;
typedef SecPkgInfoA SecPkgInfo;
typedef PSecPkgInfoA PSecPkgInfo;
typedef SEC_WINNT_AUTH_IDENTITY_A SEC_WINNT_AUTH_IDENTITY;
typedef PSEC_WINNT_AUTH_IDENTITY_A PSEC_WINNT_AUTH_IDENTITY;
typedef SEC_WINNT_AUTH_IDENTITY_EXA SEC_WINNT_AUTH_IDENTITY_EX;
typedef PSEC_WINNT_AUTH_IDENTITY_EXA PSEC_WINNT_AUTH_IDENTITY_EX;
typedef SecPkgContext_NamesA SecPkgContext_Names;
typedef SecPkgContext_PackageInfoA SecPkgContext_PackageInfo;
typedef SecPkgContext_NegotiationInfoA SecPkgContext_NegotiationInfo;
typedef SecPkgContext_NativeNamesA SecPkgContext_NativeNames;
typedef SecPkgContext_KeyInfoA SecPkgContext_KeyInfo;
typedef SecPkgCredentials_NamesA SecPkgCredentials_Names;
typedef SecurityFunctionTableA SecurityFunctionTable;
typedef PSecurityFunctionTableA PSecurityFunctionTable;
#define SECURITY_ENTRYPOINT SECURITY_ENTRYPOINT_ANSIA
#define EnumerateSecurityPackages EnumerateSecurityPackagesA
#define QuerySecurityPackageInfo QuerySecurityPackageInfoA
#define AcquireCredentialsHandle AcquireCredentialsHandleA
#define AddCredentials AddCredentialsA
#define QueryCredentialsAttributes QueryCredentialsAttributesA
#define SetCredentialsAttributes SetCredentialsAttributesA
#define QueryCredentialsAttributesEx QueryCredentialsAttributesExA
#define InitializeSecurityContext InitializeSecurityContextA
#define QueryContextAttributes QueryContextAttributesA
#define QueryContextAttributesEx QueryContextAttributesExA
#define SetContextAttributes SetContextAttributesA
#define ImportSecurityContext ImportSecurityContextA
#define ChangeAccountPassword ChangeAccountPasswordA
#define InitSecurityInterface InitSecurityInterfaceA
#endif

#ifdef __cplusplus
}
#endif

#endif /* SSPI_SHIM_SSPI_H */
