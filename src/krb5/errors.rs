//! MIT krb5's com_err table "krb5" (krb5_err.et): the numbers programs
//! and users see as GSSAPI minor codes, and MIT's fixed texts for them.
//! KRB5KDC_ERR_* / KRB5KRB_AP_ERR_* / KRB5KRB_ERR_* are the base plus the
//! RFC 4120 section 7.5.9 error-code of a KRB-ERROR; the rest are library
//! codes (KRB5_KDC_UNREACH, KRB5_CC_NOTFOUND, ...). The 256 entries were
//! taken from MIT krb5 1.20's <krb5/krb5.h> (numbers) and its
//! krb5_get_error_message() (texts); `table_matches_mit_header` checks
//! the numbers against the header when it is installed.
#![allow(non_upper_case_globals)]
use std::fmt::Display;

use crate::core::Error;

/// ERROR_TABLE_BASE_krb5: the first code of the table (KRB5KDC_ERR_NONE).
pub const ERROR_TABLE_BASE_krb5: i32 = -1_765_328_384;

pub const KRB5KDC_ERR_NONE: i32 = -1765328384;
pub const KRB5KDC_ERR_NAME_EXP: i32 = -1765328383;
pub const KRB5KDC_ERR_SERVICE_EXP: i32 = -1765328382;
pub const KRB5KDC_ERR_BAD_PVNO: i32 = -1765328381;
pub const KRB5KDC_ERR_C_OLD_MAST_KVNO: i32 = -1765328380;
pub const KRB5KDC_ERR_S_OLD_MAST_KVNO: i32 = -1765328379;
pub const KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN: i32 = -1765328378;
pub const KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN: i32 = -1765328377;
pub const KRB5KDC_ERR_PRINCIPAL_NOT_UNIQUE: i32 = -1765328376;
pub const KRB5KDC_ERR_NULL_KEY: i32 = -1765328375;
pub const KRB5KDC_ERR_CANNOT_POSTDATE: i32 = -1765328374;
pub const KRB5KDC_ERR_NEVER_VALID: i32 = -1765328373;
pub const KRB5KDC_ERR_POLICY: i32 = -1765328372;
pub const KRB5KDC_ERR_BADOPTION: i32 = -1765328371;
pub const KRB5KDC_ERR_ETYPE_NOSUPP: i32 = -1765328370;
pub const KRB5KDC_ERR_SUMTYPE_NOSUPP: i32 = -1765328369;
pub const KRB5KDC_ERR_PADATA_TYPE_NOSUPP: i32 = -1765328368;
pub const KRB5KDC_ERR_TRTYPE_NOSUPP: i32 = -1765328367;
pub const KRB5KDC_ERR_CLIENT_REVOKED: i32 = -1765328366;
pub const KRB5KDC_ERR_SERVICE_REVOKED: i32 = -1765328365;
pub const KRB5KDC_ERR_TGT_REVOKED: i32 = -1765328364;
pub const KRB5KDC_ERR_CLIENT_NOTYET: i32 = -1765328363;
pub const KRB5KDC_ERR_SERVICE_NOTYET: i32 = -1765328362;
pub const KRB5KDC_ERR_KEY_EXP: i32 = -1765328361;
pub const KRB5KDC_ERR_PREAUTH_FAILED: i32 = -1765328360;
pub const KRB5KDC_ERR_PREAUTH_REQUIRED: i32 = -1765328359;
pub const KRB5KDC_ERR_SERVER_NOMATCH: i32 = -1765328358;
pub const KRB5KDC_ERR_MUST_USE_USER2USER: i32 = -1765328357;
pub const KRB5KDC_ERR_PATH_NOT_ACCEPTED: i32 = -1765328356;
pub const KRB5KDC_ERR_SVC_UNAVAILABLE: i32 = -1765328355;
pub const KRB5PLACEHOLD_30: i32 = -1765328354;
pub const KRB5KRB_AP_ERR_BAD_INTEGRITY: i32 = -1765328353;
pub const KRB5KRB_AP_ERR_TKT_EXPIRED: i32 = -1765328352;
pub const KRB5KRB_AP_ERR_TKT_NYV: i32 = -1765328351;
pub const KRB5KRB_AP_ERR_REPEAT: i32 = -1765328350;
pub const KRB5KRB_AP_ERR_NOT_US: i32 = -1765328349;
pub const KRB5KRB_AP_ERR_BADMATCH: i32 = -1765328348;
pub const KRB5KRB_AP_ERR_SKEW: i32 = -1765328347;
pub const KRB5KRB_AP_ERR_BADADDR: i32 = -1765328346;
pub const KRB5KRB_AP_ERR_BADVERSION: i32 = -1765328345;
pub const KRB5KRB_AP_ERR_MSG_TYPE: i32 = -1765328344;
pub const KRB5KRB_AP_ERR_MODIFIED: i32 = -1765328343;
pub const KRB5KRB_AP_ERR_BADORDER: i32 = -1765328342;
pub const KRB5KRB_AP_ERR_ILL_CR_TKT: i32 = -1765328341;
pub const KRB5KRB_AP_ERR_BADKEYVER: i32 = -1765328340;
pub const KRB5KRB_AP_ERR_NOKEY: i32 = -1765328339;
pub const KRB5KRB_AP_ERR_MUT_FAIL: i32 = -1765328338;
pub const KRB5KRB_AP_ERR_BADDIRECTION: i32 = -1765328337;
pub const KRB5KRB_AP_ERR_METHOD: i32 = -1765328336;
pub const KRB5KRB_AP_ERR_BADSEQ: i32 = -1765328335;
pub const KRB5KRB_AP_ERR_INAPP_CKSUM: i32 = -1765328334;
pub const KRB5KRB_AP_PATH_NOT_ACCEPTED: i32 = -1765328333;
pub const KRB5KRB_ERR_RESPONSE_TOO_BIG: i32 = -1765328332;
pub const KRB5PLACEHOLD_53: i32 = -1765328331;
pub const KRB5PLACEHOLD_54: i32 = -1765328330;
pub const KRB5PLACEHOLD_55: i32 = -1765328329;
pub const KRB5PLACEHOLD_56: i32 = -1765328328;
pub const KRB5PLACEHOLD_57: i32 = -1765328327;
pub const KRB5PLACEHOLD_58: i32 = -1765328326;
pub const KRB5PLACEHOLD_59: i32 = -1765328325;
pub const KRB5KRB_ERR_GENERIC: i32 = -1765328324;
pub const KRB5KRB_ERR_FIELD_TOOLONG: i32 = -1765328323;
pub const KRB5KDC_ERR_CLIENT_NOT_TRUSTED: i32 = -1765328322;
pub const KRB5KDC_ERR_KDC_NOT_TRUSTED: i32 = -1765328321;
pub const KRB5KDC_ERR_INVALID_SIG: i32 = -1765328320;
pub const KRB5KDC_ERR_DH_KEY_PARAMETERS_NOT_ACCEPTED: i32 = -1765328319;
pub const KRB5KDC_ERR_CERTIFICATE_MISMATCH: i32 = -1765328318;
pub const KRB5KRB_AP_ERR_NO_TGT: i32 = -1765328317;
pub const KRB5KDC_ERR_WRONG_REALM: i32 = -1765328316;
pub const KRB5KRB_AP_ERR_USER_TO_USER_REQUIRED: i32 = -1765328315;
pub const KRB5KDC_ERR_CANT_VERIFY_CERTIFICATE: i32 = -1765328314;
pub const KRB5KDC_ERR_INVALID_CERTIFICATE: i32 = -1765328313;
pub const KRB5KDC_ERR_REVOKED_CERTIFICATE: i32 = -1765328312;
pub const KRB5KDC_ERR_REVOCATION_STATUS_UNKNOWN: i32 = -1765328311;
pub const KRB5KDC_ERR_REVOCATION_STATUS_UNAVAILABLE: i32 = -1765328310;
pub const KRB5KDC_ERR_CLIENT_NAME_MISMATCH: i32 = -1765328309;
pub const KRB5KDC_ERR_KDC_NAME_MISMATCH: i32 = -1765328308;
pub const KRB5KDC_ERR_INCONSISTENT_KEY_PURPOSE: i32 = -1765328307;
pub const KRB5KDC_ERR_DIGEST_IN_CERT_NOT_ACCEPTED: i32 = -1765328306;
pub const KRB5KDC_ERR_PA_CHECKSUM_MUST_BE_INCLUDED: i32 = -1765328305;
pub const KRB5KDC_ERR_DIGEST_IN_SIGNED_DATA_NOT_ACCEPTED: i32 = -1765328304;
pub const KRB5KDC_ERR_PUBLIC_KEY_ENCRYPTION_NOT_SUPPORTED: i32 = -1765328303;
pub const KRB5PLACEHOLD_82: i32 = -1765328302;
pub const KRB5PLACEHOLD_83: i32 = -1765328301;
pub const KRB5PLACEHOLD_84: i32 = -1765328300;
pub const KRB5KRB_AP_ERR_IAKERB_KDC_NOT_FOUND: i32 = -1765328299;
pub const KRB5KRB_AP_ERR_IAKERB_KDC_NO_RESPONSE: i32 = -1765328298;
pub const KRB5PLACEHOLD_87: i32 = -1765328297;
pub const KRB5PLACEHOLD_88: i32 = -1765328296;
pub const KRB5PLACEHOLD_89: i32 = -1765328295;
pub const KRB5KDC_ERR_PREAUTH_EXPIRED: i32 = -1765328294;
pub const KRB5KDC_ERR_MORE_PREAUTH_DATA_REQUIRED: i32 = -1765328293;
pub const KRB5PLACEHOLD_92: i32 = -1765328292;
pub const KRB5KDC_ERR_UNKNOWN_CRITICAL_FAST_OPTION: i32 = -1765328291;
pub const KRB5PLACEHOLD_94: i32 = -1765328290;
pub const KRB5PLACEHOLD_95: i32 = -1765328289;
pub const KRB5PLACEHOLD_96: i32 = -1765328288;
pub const KRB5PLACEHOLD_97: i32 = -1765328287;
pub const KRB5PLACEHOLD_98: i32 = -1765328286;
pub const KRB5PLACEHOLD_99: i32 = -1765328285;
pub const KRB5KDC_ERR_NO_ACCEPTABLE_KDF: i32 = -1765328284;
pub const KRB5PLACEHOLD_101: i32 = -1765328283;
pub const KRB5PLACEHOLD_102: i32 = -1765328282;
pub const KRB5PLACEHOLD_103: i32 = -1765328281;
pub const KRB5PLACEHOLD_104: i32 = -1765328280;
pub const KRB5PLACEHOLD_105: i32 = -1765328279;
pub const KRB5PLACEHOLD_106: i32 = -1765328278;
pub const KRB5PLACEHOLD_107: i32 = -1765328277;
pub const KRB5PLACEHOLD_108: i32 = -1765328276;
pub const KRB5PLACEHOLD_109: i32 = -1765328275;
pub const KRB5PLACEHOLD_110: i32 = -1765328274;
pub const KRB5PLACEHOLD_111: i32 = -1765328273;
pub const KRB5PLACEHOLD_112: i32 = -1765328272;
pub const KRB5PLACEHOLD_113: i32 = -1765328271;
pub const KRB5PLACEHOLD_114: i32 = -1765328270;
pub const KRB5PLACEHOLD_115: i32 = -1765328269;
pub const KRB5PLACEHOLD_116: i32 = -1765328268;
pub const KRB5PLACEHOLD_117: i32 = -1765328267;
pub const KRB5PLACEHOLD_118: i32 = -1765328266;
pub const KRB5PLACEHOLD_119: i32 = -1765328265;
pub const KRB5PLACEHOLD_120: i32 = -1765328264;
pub const KRB5PLACEHOLD_121: i32 = -1765328263;
pub const KRB5PLACEHOLD_122: i32 = -1765328262;
pub const KRB5PLACEHOLD_123: i32 = -1765328261;
pub const KRB5PLACEHOLD_124: i32 = -1765328260;
pub const KRB5PLACEHOLD_125: i32 = -1765328259;
pub const KRB5PLACEHOLD_126: i32 = -1765328258;
pub const KRB5PLACEHOLD_127: i32 = -1765328257;
pub const KRB5_ERR_RCSID: i32 = -1765328256;
pub const KRB5_LIBOS_BADLOCKFLAG: i32 = -1765328255;
pub const KRB5_LIBOS_CANTREADPWD: i32 = -1765328254;
pub const KRB5_LIBOS_BADPWDMATCH: i32 = -1765328253;
pub const KRB5_LIBOS_PWDINTR: i32 = -1765328252;
pub const KRB5_PARSE_ILLCHAR: i32 = -1765328251;
pub const KRB5_PARSE_MALFORMED: i32 = -1765328250;
pub const KRB5_CONFIG_CANTOPEN: i32 = -1765328249;
pub const KRB5_CONFIG_BADFORMAT: i32 = -1765328248;
pub const KRB5_CONFIG_NOTENUFSPACE: i32 = -1765328247;
pub const KRB5_BADMSGTYPE: i32 = -1765328246;
pub const KRB5_CC_BADNAME: i32 = -1765328245;
pub const KRB5_CC_UNKNOWN_TYPE: i32 = -1765328244;
pub const KRB5_CC_NOTFOUND: i32 = -1765328243;
pub const KRB5_CC_END: i32 = -1765328242;
pub const KRB5_NO_TKT_SUPPLIED: i32 = -1765328241;
pub const KRB5KRB_AP_WRONG_PRINC: i32 = -1765328240;
pub const KRB5KRB_AP_ERR_TKT_INVALID: i32 = -1765328239;
pub const KRB5_PRINC_NOMATCH: i32 = -1765328238;
pub const KRB5_KDCREP_MODIFIED: i32 = -1765328237;
pub const KRB5_KDCREP_SKEW: i32 = -1765328236;
pub const KRB5_IN_TKT_REALM_MISMATCH: i32 = -1765328235;
pub const KRB5_PROG_ETYPE_NOSUPP: i32 = -1765328234;
pub const KRB5_PROG_KEYTYPE_NOSUPP: i32 = -1765328233;
pub const KRB5_WRONG_ETYPE: i32 = -1765328232;
pub const KRB5_PROG_SUMTYPE_NOSUPP: i32 = -1765328231;
pub const KRB5_REALM_UNKNOWN: i32 = -1765328230;
pub const KRB5_SERVICE_UNKNOWN: i32 = -1765328229;
pub const KRB5_KDC_UNREACH: i32 = -1765328228;
pub const KRB5_NO_LOCALNAME: i32 = -1765328227;
pub const KRB5_MUTUAL_FAILED: i32 = -1765328226;
pub const KRB5_RC_TYPE_EXISTS: i32 = -1765328225;
pub const KRB5_RC_MALLOC: i32 = -1765328224;
pub const KRB5_RC_TYPE_NOTFOUND: i32 = -1765328223;
pub const KRB5_RC_UNKNOWN: i32 = -1765328222;
pub const KRB5_RC_REPLAY: i32 = -1765328221;
pub const KRB5_RC_IO: i32 = -1765328220;
pub const KRB5_RC_NOIO: i32 = -1765328219;
pub const KRB5_RC_PARSE: i32 = -1765328218;
pub const KRB5_RC_IO_EOF: i32 = -1765328217;
pub const KRB5_RC_IO_MALLOC: i32 = -1765328216;
pub const KRB5_RC_IO_PERM: i32 = -1765328215;
pub const KRB5_RC_IO_IO: i32 = -1765328214;
pub const KRB5_RC_IO_UNKNOWN: i32 = -1765328213;
pub const KRB5_RC_IO_SPACE: i32 = -1765328212;
pub const KRB5_TRANS_CANTOPEN: i32 = -1765328211;
pub const KRB5_TRANS_BADFORMAT: i32 = -1765328210;
pub const KRB5_LNAME_CANTOPEN: i32 = -1765328209;
pub const KRB5_LNAME_NOTRANS: i32 = -1765328208;
pub const KRB5_LNAME_BADFORMAT: i32 = -1765328207;
pub const KRB5_CRYPTO_INTERNAL: i32 = -1765328206;
pub const KRB5_KT_BADNAME: i32 = -1765328205;
pub const KRB5_KT_UNKNOWN_TYPE: i32 = -1765328204;
pub const KRB5_KT_NOTFOUND: i32 = -1765328203;
pub const KRB5_KT_END: i32 = -1765328202;
pub const KRB5_KT_NOWRITE: i32 = -1765328201;
pub const KRB5_KT_IOERR: i32 = -1765328200;
pub const KRB5_NO_TKT_IN_RLM: i32 = -1765328199;
pub const KRB5DES_BAD_KEYPAR: i32 = -1765328198;
pub const KRB5DES_WEAK_KEY: i32 = -1765328197;
pub const KRB5_BAD_ENCTYPE: i32 = -1765328196;
pub const KRB5_BAD_KEYSIZE: i32 = -1765328195;
pub const KRB5_BAD_MSIZE: i32 = -1765328194;
pub const KRB5_CC_TYPE_EXISTS: i32 = -1765328193;
pub const KRB5_KT_TYPE_EXISTS: i32 = -1765328192;
pub const KRB5_CC_IO: i32 = -1765328191;
pub const KRB5_FCC_PERM: i32 = -1765328190;
pub const KRB5_FCC_NOFILE: i32 = -1765328189;
pub const KRB5_FCC_INTERNAL: i32 = -1765328188;
pub const KRB5_CC_WRITE: i32 = -1765328187;
pub const KRB5_CC_NOMEM: i32 = -1765328186;
pub const KRB5_CC_FORMAT: i32 = -1765328185;
pub const KRB5_CC_NOT_KTYPE: i32 = -1765328184;
pub const KRB5_INVALID_FLAGS: i32 = -1765328183;
pub const KRB5_NO_2ND_TKT: i32 = -1765328182;
pub const KRB5_NOCREDS_SUPPLIED: i32 = -1765328181;
pub const KRB5_SENDAUTH_BADAUTHVERS: i32 = -1765328180;
pub const KRB5_SENDAUTH_BADAPPLVERS: i32 = -1765328179;
pub const KRB5_SENDAUTH_BADRESPONSE: i32 = -1765328178;
pub const KRB5_SENDAUTH_REJECTED: i32 = -1765328177;
pub const KRB5_PREAUTH_BAD_TYPE: i32 = -1765328176;
pub const KRB5_PREAUTH_NO_KEY: i32 = -1765328175;
pub const KRB5_PREAUTH_FAILED: i32 = -1765328174;
pub const KRB5_RCACHE_BADVNO: i32 = -1765328173;
pub const KRB5_CCACHE_BADVNO: i32 = -1765328172;
pub const KRB5_KEYTAB_BADVNO: i32 = -1765328171;
pub const KRB5_PROG_ATYPE_NOSUPP: i32 = -1765328170;
pub const KRB5_RC_REQUIRED: i32 = -1765328169;
pub const KRB5_ERR_BAD_HOSTNAME: i32 = -1765328168;
pub const KRB5_ERR_HOST_REALM_UNKNOWN: i32 = -1765328167;
pub const KRB5_SNAME_UNSUPP_NAMETYPE: i32 = -1765328166;
pub const KRB5KRB_AP_ERR_V4_REPLY: i32 = -1765328165;
pub const KRB5_REALM_CANT_RESOLVE: i32 = -1765328164;
pub const KRB5_TKT_NOT_FORWARDABLE: i32 = -1765328163;
pub const KRB5_FWD_BAD_PRINCIPAL: i32 = -1765328162;
pub const KRB5_GET_IN_TKT_LOOP: i32 = -1765328161;
pub const KRB5_CONFIG_NODEFREALM: i32 = -1765328160;
pub const KRB5_SAM_UNSUPPORTED: i32 = -1765328159;
pub const KRB5_SAM_INVALID_ETYPE: i32 = -1765328158;
pub const KRB5_SAM_NO_CHECKSUM: i32 = -1765328157;
pub const KRB5_SAM_BAD_CHECKSUM: i32 = -1765328156;
pub const KRB5_KT_NAME_TOOLONG: i32 = -1765328155;
pub const KRB5_KT_KVNONOTFOUND: i32 = -1765328154;
pub const KRB5_APPL_EXPIRED: i32 = -1765328153;
pub const KRB5_LIB_EXPIRED: i32 = -1765328152;
pub const KRB5_CHPW_PWDNULL: i32 = -1765328151;
pub const KRB5_CHPW_FAIL: i32 = -1765328150;
pub const KRB5_KT_FORMAT: i32 = -1765328149;
pub const KRB5_NOPERM_ETYPE: i32 = -1765328148;
pub const KRB5_CONFIG_ETYPE_NOSUPP: i32 = -1765328147;
pub const KRB5_OBSOLETE_FN: i32 = -1765328146;
pub const KRB5_EAI_FAIL: i32 = -1765328145;
pub const KRB5_EAI_NODATA: i32 = -1765328144;
pub const KRB5_EAI_NONAME: i32 = -1765328143;
pub const KRB5_EAI_SERVICE: i32 = -1765328142;
pub const KRB5_ERR_NUMERIC_REALM: i32 = -1765328141;
pub const KRB5_ERR_BAD_S2K_PARAMS: i32 = -1765328140;
pub const KRB5_ERR_NO_SERVICE: i32 = -1765328139;
pub const KRB5_CC_READONLY: i32 = -1765328138;
pub const KRB5_CC_NOSUPP: i32 = -1765328137;
pub const KRB5_DELTAT_BADFORMAT: i32 = -1765328136;
pub const KRB5_PLUGIN_NO_HANDLE: i32 = -1765328135;
pub const KRB5_PLUGIN_OP_NOTSUPP: i32 = -1765328134;
pub const KRB5_ERR_INVALID_UTF8: i32 = -1765328133;
pub const KRB5_ERR_FAST_REQUIRED: i32 = -1765328132;
pub const KRB5_LOCAL_ADDR_REQUIRED: i32 = -1765328131;
pub const KRB5_REMOTE_ADDR_REQUIRED: i32 = -1765328130;
pub const KRB5_TRACE_NOSUPP: i32 = -1765328129;

/// (name, MIT text) of each code, in table order (index = code - base).
static TABLE: [(&str, &str); 256] = [
    ("KRB5KDC_ERR_NONE", "No error"),
    (
        "KRB5KDC_ERR_NAME_EXP",
        "Client's entry in database has expired",
    ),
    (
        "KRB5KDC_ERR_SERVICE_EXP",
        "Server's entry in database has expired",
    ),
    (
        "KRB5KDC_ERR_BAD_PVNO",
        "Requested protocol version not supported",
    ),
    (
        "KRB5KDC_ERR_C_OLD_MAST_KVNO",
        "Client's key is encrypted in an old master key",
    ),
    (
        "KRB5KDC_ERR_S_OLD_MAST_KVNO",
        "Server's key is encrypted in an old master key",
    ),
    (
        "KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN",
        "Client not found in Kerberos database",
    ),
    (
        "KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN",
        "Server not found in Kerberos database",
    ),
    (
        "KRB5KDC_ERR_PRINCIPAL_NOT_UNIQUE",
        "Principal has multiple entries in Kerberos database",
    ),
    ("KRB5KDC_ERR_NULL_KEY", "Client or server has a null key"),
    (
        "KRB5KDC_ERR_CANNOT_POSTDATE",
        "Ticket is ineligible for postdating",
    ),
    (
        "KRB5KDC_ERR_NEVER_VALID",
        "Requested effective lifetime is negative or too short",
    ),
    ("KRB5KDC_ERR_POLICY", "KDC policy rejects request"),
    (
        "KRB5KDC_ERR_BADOPTION",
        "KDC can't fulfill requested option",
    ),
    (
        "KRB5KDC_ERR_ETYPE_NOSUPP",
        "KDC has no support for encryption type",
    ),
    (
        "KRB5KDC_ERR_SUMTYPE_NOSUPP",
        "KDC has no support for checksum type",
    ),
    (
        "KRB5KDC_ERR_PADATA_TYPE_NOSUPP",
        "KDC has no support for padata type",
    ),
    (
        "KRB5KDC_ERR_TRTYPE_NOSUPP",
        "KDC has no support for transited type",
    ),
    (
        "KRB5KDC_ERR_CLIENT_REVOKED",
        "Client's credentials have been revoked",
    ),
    (
        "KRB5KDC_ERR_SERVICE_REVOKED",
        "Credentials for server have been revoked",
    ),
    ("KRB5KDC_ERR_TGT_REVOKED", "TGT has been revoked"),
    (
        "KRB5KDC_ERR_CLIENT_NOTYET",
        "Client not yet valid - try again later",
    ),
    (
        "KRB5KDC_ERR_SERVICE_NOTYET",
        "Server not yet valid - try again later",
    ),
    ("KRB5KDC_ERR_KEY_EXP", "Password has expired"),
    ("KRB5KDC_ERR_PREAUTH_FAILED", "Preauthentication failed"),
    (
        "KRB5KDC_ERR_PREAUTH_REQUIRED",
        "Additional pre-authentication required",
    ),
    (
        "KRB5KDC_ERR_SERVER_NOMATCH",
        "Requested server and ticket don't match",
    ),
    (
        "KRB5KDC_ERR_MUST_USE_USER2USER",
        "Server principal valid for user2user only",
    ),
    (
        "KRB5KDC_ERR_PATH_NOT_ACCEPTED",
        "KDC policy rejects transited path",
    ),
    (
        "KRB5KDC_ERR_SVC_UNAVAILABLE",
        "A service is not available that is required to process the request",
    ),
    ("KRB5PLACEHOLD_30", "KRB5 error code 30"),
    (
        "KRB5KRB_AP_ERR_BAD_INTEGRITY",
        "Decrypt integrity check failed",
    ),
    ("KRB5KRB_AP_ERR_TKT_EXPIRED", "Ticket expired"),
    ("KRB5KRB_AP_ERR_TKT_NYV", "Ticket not yet valid"),
    ("KRB5KRB_AP_ERR_REPEAT", "Request is a replay"),
    ("KRB5KRB_AP_ERR_NOT_US", "The ticket isn't for us"),
    (
        "KRB5KRB_AP_ERR_BADMATCH",
        "Ticket/authenticator don't match",
    ),
    ("KRB5KRB_AP_ERR_SKEW", "Clock skew too great"),
    ("KRB5KRB_AP_ERR_BADADDR", "Incorrect net address"),
    ("KRB5KRB_AP_ERR_BADVERSION", "Protocol version mismatch"),
    ("KRB5KRB_AP_ERR_MSG_TYPE", "Invalid message type"),
    ("KRB5KRB_AP_ERR_MODIFIED", "Message stream modified"),
    ("KRB5KRB_AP_ERR_BADORDER", "Message out of order"),
    ("KRB5KRB_AP_ERR_ILL_CR_TKT", "Illegal cross-realm ticket"),
    ("KRB5KRB_AP_ERR_BADKEYVER", "Key version is not available"),
    ("KRB5KRB_AP_ERR_NOKEY", "Service key not available"),
    ("KRB5KRB_AP_ERR_MUT_FAIL", "Mutual authentication failed"),
    ("KRB5KRB_AP_ERR_BADDIRECTION", "Incorrect message direction"),
    (
        "KRB5KRB_AP_ERR_METHOD",
        "Alternative authentication method required",
    ),
    (
        "KRB5KRB_AP_ERR_BADSEQ",
        "Incorrect sequence number in message",
    ),
    (
        "KRB5KRB_AP_ERR_INAPP_CKSUM",
        "Inappropriate type of checksum in message",
    ),
    (
        "KRB5KRB_AP_PATH_NOT_ACCEPTED",
        "Policy rejects transited path",
    ),
    (
        "KRB5KRB_ERR_RESPONSE_TOO_BIG",
        "Response too big for UDP, retry with TCP",
    ),
    ("KRB5PLACEHOLD_53", "KRB5 error code 53"),
    ("KRB5PLACEHOLD_54", "KRB5 error code 54"),
    ("KRB5PLACEHOLD_55", "KRB5 error code 55"),
    ("KRB5PLACEHOLD_56", "KRB5 error code 56"),
    ("KRB5PLACEHOLD_57", "KRB5 error code 57"),
    ("KRB5PLACEHOLD_58", "KRB5 error code 58"),
    ("KRB5PLACEHOLD_59", "KRB5 error code 59"),
    ("KRB5KRB_ERR_GENERIC", "Generic error (see e-text)"),
    (
        "KRB5KRB_ERR_FIELD_TOOLONG",
        "Field is too long for this implementation",
    ),
    ("KRB5KDC_ERR_CLIENT_NOT_TRUSTED", "Client not trusted"),
    ("KRB5KDC_ERR_KDC_NOT_TRUSTED", "KDC not trusted"),
    ("KRB5KDC_ERR_INVALID_SIG", "Invalid signature"),
    (
        "KRB5KDC_ERR_DH_KEY_PARAMETERS_NOT_ACCEPTED",
        "Key parameters not accepted",
    ),
    ("KRB5KDC_ERR_CERTIFICATE_MISMATCH", "Certificate mismatch"),
    ("KRB5KRB_AP_ERR_NO_TGT", "No ticket granting ticket"),
    ("KRB5KDC_ERR_WRONG_REALM", "Realm not local to KDC"),
    (
        "KRB5KRB_AP_ERR_USER_TO_USER_REQUIRED",
        "User to user required",
    ),
    (
        "KRB5KDC_ERR_CANT_VERIFY_CERTIFICATE",
        "Can't verify certificate",
    ),
    ("KRB5KDC_ERR_INVALID_CERTIFICATE", "Invalid certificate"),
    ("KRB5KDC_ERR_REVOKED_CERTIFICATE", "Revoked certificate"),
    (
        "KRB5KDC_ERR_REVOCATION_STATUS_UNKNOWN",
        "Revocation status unknown",
    ),
    (
        "KRB5KDC_ERR_REVOCATION_STATUS_UNAVAILABLE",
        "Revocation status unavailable",
    ),
    ("KRB5KDC_ERR_CLIENT_NAME_MISMATCH", "Client name mismatch"),
    ("KRB5KDC_ERR_KDC_NAME_MISMATCH", "KDC name mismatch"),
    (
        "KRB5KDC_ERR_INCONSISTENT_KEY_PURPOSE",
        "Inconsistent key purpose",
    ),
    (
        "KRB5KDC_ERR_DIGEST_IN_CERT_NOT_ACCEPTED",
        "Digest in certificate not accepted",
    ),
    (
        "KRB5KDC_ERR_PA_CHECKSUM_MUST_BE_INCLUDED",
        "Checksum must be included",
    ),
    (
        "KRB5KDC_ERR_DIGEST_IN_SIGNED_DATA_NOT_ACCEPTED",
        "Digest in signed-data not accepted",
    ),
    (
        "KRB5KDC_ERR_PUBLIC_KEY_ENCRYPTION_NOT_SUPPORTED",
        "Public key encryption not supported",
    ),
    ("KRB5PLACEHOLD_82", "KRB5 error code 82"),
    ("KRB5PLACEHOLD_83", "KRB5 error code 83"),
    ("KRB5PLACEHOLD_84", "KRB5 error code 84"),
    (
        "KRB5KRB_AP_ERR_IAKERB_KDC_NOT_FOUND",
        "The IAKERB proxy could not find a KDC",
    ),
    (
        "KRB5KRB_AP_ERR_IAKERB_KDC_NO_RESPONSE",
        "The KDC did not respond to the IAKERB proxy",
    ),
    ("KRB5PLACEHOLD_87", "KRB5 error code 87"),
    ("KRB5PLACEHOLD_88", "KRB5 error code 88"),
    ("KRB5PLACEHOLD_89", "KRB5 error code 89"),
    ("KRB5KDC_ERR_PREAUTH_EXPIRED", "Preauthentication expired"),
    (
        "KRB5KDC_ERR_MORE_PREAUTH_DATA_REQUIRED",
        "More preauthentication data is required",
    ),
    ("KRB5PLACEHOLD_92", "KRB5 error code 92"),
    (
        "KRB5KDC_ERR_UNKNOWN_CRITICAL_FAST_OPTION",
        "An unsupported critical FAST option was requested",
    ),
    ("KRB5PLACEHOLD_94", "KRB5 error code 94"),
    ("KRB5PLACEHOLD_95", "KRB5 error code 95"),
    ("KRB5PLACEHOLD_96", "KRB5 error code 96"),
    ("KRB5PLACEHOLD_97", "KRB5 error code 97"),
    ("KRB5PLACEHOLD_98", "KRB5 error code 98"),
    ("KRB5PLACEHOLD_99", "KRB5 error code 99"),
    ("KRB5KDC_ERR_NO_ACCEPTABLE_KDF", "No acceptable KDF offered"),
    ("KRB5PLACEHOLD_101", "KRB5 error code 101"),
    ("KRB5PLACEHOLD_102", "KRB5 error code 102"),
    ("KRB5PLACEHOLD_103", "KRB5 error code 103"),
    ("KRB5PLACEHOLD_104", "KRB5 error code 104"),
    ("KRB5PLACEHOLD_105", "KRB5 error code 105"),
    ("KRB5PLACEHOLD_106", "KRB5 error code 106"),
    ("KRB5PLACEHOLD_107", "KRB5 error code 107"),
    ("KRB5PLACEHOLD_108", "KRB5 error code 108"),
    ("KRB5PLACEHOLD_109", "KRB5 error code 109"),
    ("KRB5PLACEHOLD_110", "KRB5 error code 110"),
    ("KRB5PLACEHOLD_111", "KRB5 error code 111"),
    ("KRB5PLACEHOLD_112", "KRB5 error code 112"),
    ("KRB5PLACEHOLD_113", "KRB5 error code 113"),
    ("KRB5PLACEHOLD_114", "KRB5 error code 114"),
    ("KRB5PLACEHOLD_115", "KRB5 error code 115"),
    ("KRB5PLACEHOLD_116", "KRB5 error code 116"),
    ("KRB5PLACEHOLD_117", "KRB5 error code 117"),
    ("KRB5PLACEHOLD_118", "KRB5 error code 118"),
    ("KRB5PLACEHOLD_119", "KRB5 error code 119"),
    ("KRB5PLACEHOLD_120", "KRB5 error code 120"),
    ("KRB5PLACEHOLD_121", "KRB5 error code 121"),
    ("KRB5PLACEHOLD_122", "KRB5 error code 122"),
    ("KRB5PLACEHOLD_123", "KRB5 error code 123"),
    ("KRB5PLACEHOLD_124", "KRB5 error code 124"),
    ("KRB5PLACEHOLD_125", "KRB5 error code 125"),
    ("KRB5PLACEHOLD_126", "KRB5 error code 126"),
    ("KRB5PLACEHOLD_127", "KRB5 error code 127"),
    ("KRB5_ERR_RCSID", "$Id$"),
    ("KRB5_LIBOS_BADLOCKFLAG", "Invalid flag for file lock mode"),
    ("KRB5_LIBOS_CANTREADPWD", "Cannot read password"),
    ("KRB5_LIBOS_BADPWDMATCH", "Password mismatch"),
    ("KRB5_LIBOS_PWDINTR", "Password read interrupted"),
    ("KRB5_PARSE_ILLCHAR", "Illegal character in component name"),
    (
        "KRB5_PARSE_MALFORMED",
        "Malformed representation of principal",
    ),
    (
        "KRB5_CONFIG_CANTOPEN",
        "Can't open/find Kerberos configuration file",
    ),
    (
        "KRB5_CONFIG_BADFORMAT",
        "Improper format of Kerberos configuration file",
    ),
    (
        "KRB5_CONFIG_NOTENUFSPACE",
        "Insufficient space to return complete information",
    ),
    (
        "KRB5_BADMSGTYPE",
        "Invalid message type specified for encoding",
    ),
    ("KRB5_CC_BADNAME", "Credential cache name malformed"),
    ("KRB5_CC_UNKNOWN_TYPE", "Unknown credential cache type"),
    ("KRB5_CC_NOTFOUND", "Matching credential not found"),
    ("KRB5_CC_END", "End of credential cache reached"),
    ("KRB5_NO_TKT_SUPPLIED", "Request did not supply a ticket"),
    ("KRB5KRB_AP_WRONG_PRINC", "Wrong principal in request"),
    ("KRB5KRB_AP_ERR_TKT_INVALID", "Ticket has invalid flag set"),
    (
        "KRB5_PRINC_NOMATCH",
        "Requested principal and ticket don't match",
    ),
    (
        "KRB5_KDCREP_MODIFIED",
        "KDC reply did not match expectations",
    ),
    ("KRB5_KDCREP_SKEW", "Clock skew too great in KDC reply"),
    (
        "KRB5_IN_TKT_REALM_MISMATCH",
        "Client/server realm mismatch in initial ticket request",
    ),
    (
        "KRB5_PROG_ETYPE_NOSUPP",
        "Program lacks support for encryption type",
    ),
    (
        "KRB5_PROG_KEYTYPE_NOSUPP",
        "Program lacks support for key type",
    ),
    (
        "KRB5_WRONG_ETYPE",
        "Requested encryption type not used in message",
    ),
    (
        "KRB5_PROG_SUMTYPE_NOSUPP",
        "Program lacks support for checksum type",
    ),
    ("KRB5_REALM_UNKNOWN", "Cannot find KDC for requested realm"),
    ("KRB5_SERVICE_UNKNOWN", "Kerberos service unknown"),
    (
        "KRB5_KDC_UNREACH",
        "Cannot contact any KDC for requested realm",
    ),
    (
        "KRB5_NO_LOCALNAME",
        "No local name found for principal name",
    ),
    ("KRB5_MUTUAL_FAILED", "Mutual authentication failed"),
    (
        "KRB5_RC_TYPE_EXISTS",
        "Replay cache type is already registered",
    ),
    (
        "KRB5_RC_MALLOC",
        "No more memory to allocate (in replay cache code)",
    ),
    ("KRB5_RC_TYPE_NOTFOUND", "Replay cache type is unknown"),
    ("KRB5_RC_UNKNOWN", "Generic unknown RC error"),
    ("KRB5_RC_REPLAY", "Message is a replay"),
    ("KRB5_RC_IO", "Replay cache I/O operation failed"),
    (
        "KRB5_RC_NOIO",
        "Replay cache type does not support non-volatile storage",
    ),
    ("KRB5_RC_PARSE", "Replay cache name parse/format error"),
    ("KRB5_RC_IO_EOF", "End-of-file on replay cache I/O"),
    (
        "KRB5_RC_IO_MALLOC",
        "No more memory to allocate (in replay cache I/O code)",
    ),
    ("KRB5_RC_IO_PERM", "Permission denied in replay cache code"),
    ("KRB5_RC_IO_IO", "I/O error in replay cache i/o code"),
    ("KRB5_RC_IO_UNKNOWN", "Generic unknown RC/IO error"),
    (
        "KRB5_RC_IO_SPACE",
        "Insufficient system space to store replay information",
    ),
    (
        "KRB5_TRANS_CANTOPEN",
        "Can't open/find realm translation file",
    ),
    (
        "KRB5_TRANS_BADFORMAT",
        "Improper format of realm translation file",
    ),
    (
        "KRB5_LNAME_CANTOPEN",
        "Can't open/find lname translation database",
    ),
    (
        "KRB5_LNAME_NOTRANS",
        "No translation available for requested principal",
    ),
    (
        "KRB5_LNAME_BADFORMAT",
        "Improper format of translation database entry",
    ),
    ("KRB5_CRYPTO_INTERNAL", "Cryptosystem internal error"),
    ("KRB5_KT_BADNAME", "Key table name malformed"),
    ("KRB5_KT_UNKNOWN_TYPE", "Unknown Key table type"),
    ("KRB5_KT_NOTFOUND", "Key table entry not found"),
    ("KRB5_KT_END", "End of key table reached"),
    ("KRB5_KT_NOWRITE", "Cannot write to specified key table"),
    ("KRB5_KT_IOERR", "Error writing to key table"),
    (
        "KRB5_NO_TKT_IN_RLM",
        "Cannot find ticket for requested realm",
    ),
    ("KRB5DES_BAD_KEYPAR", "DES key has bad parity"),
    ("KRB5DES_WEAK_KEY", "DES key is a weak key"),
    ("KRB5_BAD_ENCTYPE", "Bad encryption type"),
    (
        "KRB5_BAD_KEYSIZE",
        "Key size is incompatible with encryption type",
    ),
    (
        "KRB5_BAD_MSIZE",
        "Message size is incompatible with encryption type",
    ),
    (
        "KRB5_CC_TYPE_EXISTS",
        "Credentials cache type is already registered.",
    ),
    (
        "KRB5_KT_TYPE_EXISTS",
        "Key table type is already registered.",
    ),
    ("KRB5_CC_IO", "Credentials cache I/O operation failed"),
    ("KRB5_FCC_PERM", "Credentials cache permissions incorrect"),
    ("KRB5_FCC_NOFILE", "No credentials cache found"),
    ("KRB5_FCC_INTERNAL", "Internal credentials cache error"),
    ("KRB5_CC_WRITE", "Error writing to credentials cache"),
    (
        "KRB5_CC_NOMEM",
        "No more memory to allocate (in credentials cache code)",
    ),
    ("KRB5_CC_FORMAT", "Bad format in credentials cache"),
    (
        "KRB5_CC_NOT_KTYPE",
        "No credentials found with supported encryption types",
    ),
    (
        "KRB5_INVALID_FLAGS",
        "Invalid KDC option combination (library internal error)",
    ),
    ("KRB5_NO_2ND_TKT", "Request missing second ticket"),
    (
        "KRB5_NOCREDS_SUPPLIED",
        "No credentials supplied to library routine",
    ),
    ("KRB5_SENDAUTH_BADAUTHVERS", "Bad sendauth version was sent"),
    (
        "KRB5_SENDAUTH_BADAPPLVERS",
        "Bad application version was sent (via sendauth)",
    ),
    (
        "KRB5_SENDAUTH_BADRESPONSE",
        "Bad response (during sendauth exchange)",
    ),
    (
        "KRB5_SENDAUTH_REJECTED",
        "Server rejected authentication (during sendauth exchange)",
    ),
    (
        "KRB5_PREAUTH_BAD_TYPE",
        "Unsupported preauthentication type",
    ),
    (
        "KRB5_PREAUTH_NO_KEY",
        "Required preauthentication key not supplied",
    ),
    ("KRB5_PREAUTH_FAILED", "Generic preauthentication failure"),
    (
        "KRB5_RCACHE_BADVNO",
        "Unsupported replay cache format version number",
    ),
    (
        "KRB5_CCACHE_BADVNO",
        "Unsupported credentials cache format version number",
    ),
    (
        "KRB5_KEYTAB_BADVNO",
        "Unsupported key table format version number",
    ),
    (
        "KRB5_PROG_ATYPE_NOSUPP",
        "Program lacks support for address type",
    ),
    (
        "KRB5_RC_REQUIRED",
        "Message replay detection requires rcache parameter",
    ),
    ("KRB5_ERR_BAD_HOSTNAME", "Hostname cannot be canonicalized"),
    (
        "KRB5_ERR_HOST_REALM_UNKNOWN",
        "Cannot determine realm for host",
    ),
    (
        "KRB5_SNAME_UNSUPP_NAMETYPE",
        "Conversion to service principal undefined for name type",
    ),
    (
        "KRB5KRB_AP_ERR_V4_REPLY",
        "Initial Ticket response appears to be Version 4 error",
    ),
    (
        "KRB5_REALM_CANT_RESOLVE",
        "Cannot resolve network address for KDC in requested realm",
    ),
    (
        "KRB5_TKT_NOT_FORWARDABLE",
        "Requesting ticket can't get forwardable tickets",
    ),
    (
        "KRB5_FWD_BAD_PRINCIPAL",
        "Bad principal name while trying to forward credentials",
    ),
    (
        "KRB5_GET_IN_TKT_LOOP",
        "Looping detected inside krb5_get_in_tkt",
    ),
    (
        "KRB5_CONFIG_NODEFREALM",
        "Configuration file does not specify default realm",
    ),
    ("KRB5_SAM_UNSUPPORTED", "Bad SAM flags in obtain_sam_padata"),
    (
        "KRB5_SAM_INVALID_ETYPE",
        "Invalid encryption type in SAM challenge",
    ),
    ("KRB5_SAM_NO_CHECKSUM", "Missing checksum in SAM challenge"),
    ("KRB5_SAM_BAD_CHECKSUM", "Bad checksum in SAM challenge"),
    ("KRB5_KT_NAME_TOOLONG", "Keytab name too long"),
    (
        "KRB5_KT_KVNONOTFOUND",
        "Key version number for principal in key table is incorrect",
    ),
    ("KRB5_APPL_EXPIRED", "This application has expired"),
    ("KRB5_LIB_EXPIRED", "This Krb5 library has expired"),
    ("KRB5_CHPW_PWDNULL", "New password cannot be zero length"),
    ("KRB5_CHPW_FAIL", "Password change failed"),
    ("KRB5_KT_FORMAT", "Bad format in keytab"),
    ("KRB5_NOPERM_ETYPE", "Encryption type not permitted"),
    (
        "KRB5_CONFIG_ETYPE_NOSUPP",
        "No supported encryption types (config file error?)",
    ),
    (
        "KRB5_OBSOLETE_FN",
        "Program called an obsolete, deleted function",
    ),
    ("KRB5_EAI_FAIL", "unknown getaddrinfo failure"),
    ("KRB5_EAI_NODATA", "no data available for host/domain name"),
    ("KRB5_EAI_NONAME", "host/domain name not found"),
    ("KRB5_EAI_SERVICE", "service name unknown"),
    (
        "KRB5_ERR_NUMERIC_REALM",
        "Cannot determine realm for numeric host address",
    ),
    (
        "KRB5_ERR_BAD_S2K_PARAMS",
        "Invalid key generation parameters from KDC",
    ),
    ("KRB5_ERR_NO_SERVICE", "service not available"),
    (
        "KRB5_CC_READONLY",
        "Ccache function not supported: read-only ccache type",
    ),
    (
        "KRB5_CC_NOSUPP",
        "Ccache function not supported: not implemented",
    ),
    (
        "KRB5_DELTAT_BADFORMAT",
        "Invalid format of Kerberos lifetime or clock skew string",
    ),
    (
        "KRB5_PLUGIN_NO_HANDLE",
        "Supplied data not handled by this plugin",
    ),
    (
        "KRB5_PLUGIN_OP_NOTSUPP",
        "Plugin does not support the operation",
    ),
    ("KRB5_ERR_INVALID_UTF8", "Invalid UTF-8 string"),
    (
        "KRB5_ERR_FAST_REQUIRED",
        "FAST protected pre-authentication required but not supported by KDC",
    ),
    (
        "KRB5_LOCAL_ADDR_REQUIRED",
        "Auth context must contain local address",
    ),
    (
        "KRB5_REMOTE_ADDR_REQUIRED",
        "Auth context must contain remote address",
    ),
    ("KRB5_TRACE_NOSUPP", "Tracing unsupported"),
];

/// MIT's text for a code of the krb5 table (e.g. "Preauthentication
/// failed" for KRB5KDC_ERR_PREAUTH_FAILED); `None` outside the table.
pub fn message(code: i32) -> Option<&'static str> {
    entry(code).map(|(_, text)| text)
}

/// The symbolic name of a code of the krb5 table ("KRB5KDC_ERR_PREAUTH_FAILED").
pub fn name(code: i32) -> Option<&'static str> {
    entry(code).map(|(name, _)| name)
}

fn entry(code: i32) -> Option<(&'static str, &'static str)> {
    let index = usize::try_from(code.checked_sub(ERROR_TABLE_BASE_krb5)?).ok()?;
    TABLE.get(index).copied()
}

/// The com_err code of a KRB-ERROR's error-code (RFC 4120 section 7.5.9):
/// the table base plus the code, as MIT's krb5_rd_error callers do.
/// Codes outside the table's protocol range (0..=127) give KRB5KRB_ERR_GENERIC.
pub fn from_protocol(error_code: i32) -> i32 {
    if (0..=127).contains(&error_code) {
        ERROR_TABLE_BASE_krb5 + error_code
    } else {
        KRB5KRB_ERR_GENERIC
    }
}

/// The core error for a krb5 table code: MIT's text, then `": detail"`
/// when the detail adds something (an e-text, a realm, a principal).
pub fn kerberos_error(code: i32, detail: impl Display) -> Error {
    let detail = detail.to_string();
    let text = message(code).unwrap_or("Unknown Kerberos error");
    let message = if detail.is_empty() || detail == text {
        text.to_string()
    } else {
        format!("{text}: {detail}")
    };
    Error::Kerberos { code, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_texts() {
        assert_eq!(ERROR_TABLE_BASE_krb5, -1765328384);
        assert_eq!(KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN, ERROR_TABLE_BASE_krb5 + 6);
        assert_eq!(KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, ERROR_TABLE_BASE_krb5 + 7);
        assert_eq!(KRB5KDC_ERR_ETYPE_NOSUPP, ERROR_TABLE_BASE_krb5 + 14);
        assert_eq!(KRB5KDC_ERR_PREAUTH_FAILED, -1765328360);
        assert_eq!(KRB5KDC_ERR_PREAUTH_REQUIRED, ERROR_TABLE_BASE_krb5 + 25);
        assert_eq!(KRB5KRB_AP_ERR_BAD_INTEGRITY, ERROR_TABLE_BASE_krb5 + 31);
        assert_eq!(KRB5KRB_AP_ERR_TKT_EXPIRED, ERROR_TABLE_BASE_krb5 + 32);
        assert_eq!(KRB5KRB_AP_ERR_REPEAT, ERROR_TABLE_BASE_krb5 + 34);
        assert_eq!(KRB5KRB_AP_ERR_SKEW, ERROR_TABLE_BASE_krb5 + 37);
        assert_eq!(KRB5KRB_AP_ERR_MODIFIED, ERROR_TABLE_BASE_krb5 + 41);
        assert_eq!(KRB5KRB_AP_ERR_NOKEY, ERROR_TABLE_BASE_krb5 + 45);
        assert_eq!(KRB5KRB_ERR_GENERIC, ERROR_TABLE_BASE_krb5 + 60);
        assert_eq!(KRB5KRB_ERR_RESPONSE_TOO_BIG, ERROR_TABLE_BASE_krb5 + 52);
        assert_eq!(KRB5_KDC_UNREACH, -1765328228);
        assert_eq!(KRB5_REALM_UNKNOWN, -1765328230);
        assert_eq!(KRB5_CC_NOTFOUND, -1765328243);
        assert_eq!(KRB5_FCC_NOFILE, -1765328189);
        assert_eq!(KRB5_KT_NOTFOUND, -1765328203);
        assert_eq!(KRB5_KT_KVNONOTFOUND, -1765328154);
        assert_eq!(KRB5_BAD_ENCTYPE, -1765328196);
        assert_eq!(KRB5_CONFIG_NODEFREALM, -1765328160);
        assert_eq!(KRB5_PREAUTH_FAILED, -1765328174);
        assert_eq!(KRB5KRB_AP_WRONG_PRINC, -1765328240);

        let texts = [
            (
                KRB5_KDC_UNREACH,
                "Cannot contact any KDC for requested realm",
            ),
            (KRB5_REALM_UNKNOWN, "Cannot find KDC for requested realm"),
            (KRB5_CC_NOTFOUND, "Matching credential not found"),
            (KRB5_FCC_NOFILE, "No credentials cache found"),
            (KRB5_KT_NOTFOUND, "Key table entry not found"),
            (KRB5KRB_AP_ERR_SKEW, "Clock skew too great"),
            (KRB5KDC_ERR_PREAUTH_FAILED, "Preauthentication failed"),
            (
                KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN,
                "Client not found in Kerberos database",
            ),
            (
                KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN,
                "Server not found in Kerberos database",
            ),
            (KRB5KRB_AP_ERR_TKT_EXPIRED, "Ticket expired"),
            (KRB5KRB_AP_ERR_REPEAT, "Request is a replay"),
            (KRB5KRB_AP_ERR_MODIFIED, "Message stream modified"),
            (
                KRB5KRB_AP_ERR_BAD_INTEGRITY,
                "Decrypt integrity check failed",
            ),
            (
                KRB5KDC_ERR_ETYPE_NOSUPP,
                "KDC has no support for encryption type",
            ),
            (
                KRB5_KT_KVNONOTFOUND,
                "Key version number for principal in key table is incorrect",
            ),
        ];
        for (code, text) in texts {
            assert_eq!(message(code), Some(text), "{:?}", name(code));
        }
        assert_eq!(name(KRB5_KDC_UNREACH), Some("KRB5_KDC_UNREACH"));
        assert_eq!(message(ERROR_TABLE_BASE_krb5 - 1), None);
        assert_eq!(message(ERROR_TABLE_BASE_krb5 + 256), None);
        assert_eq!(message(i32::MIN), None);
        assert_eq!(message(0), None);
    }

    #[test]
    fn protocol_codes_and_errors() {
        assert_eq!(from_protocol(24), KRB5KDC_ERR_PREAUTH_FAILED);
        assert_eq!(from_protocol(-1), KRB5KRB_ERR_GENERIC);
        assert_eq!(from_protocol(1000), KRB5KRB_ERR_GENERIC);
        let e = kerberos_error(KRB5_KDC_UNREACH, "realm 'TEST.SSPI'");
        assert_eq!(
            e,
            Error::Kerberos {
                code: KRB5_KDC_UNREACH,
                message: "Cannot contact any KDC for requested realm: realm 'TEST.SSPI'".into()
            }
        );
        let e = kerberos_error(KRB5KDC_ERR_PREAUTH_FAILED, "");
        assert_eq!(e.to_string(), "Preauthentication failed");
    }

    /// Every number against MIT's header, when libkrb5-dev is installed.
    #[test]
    fn table_matches_mit_header() {
        let Ok(h) = std::fs::read_to_string("/usr/include/krb5/krb5.h") else {
            eprintln!("skipped: /usr/include/krb5/krb5.h not installed");
            return;
        };
        let mut seen = 0;
        for line in h.lines() {
            let mut it = line.split_whitespace();
            if it.next() != Some("#define") {
                continue;
            }
            let (Some(n), Some(v)) = (it.next(), it.next()) else {
                continue;
            };
            let Ok(v) = v
                .trim_matches(|c| c == '(' || c == ')' || c == 'L')
                .parse::<i64>()
            else {
                continue;
            };
            if let Some(i) = v
                .checked_sub(ERROR_TABLE_BASE_krb5 as i64)
                .filter(|i| (0..256).contains(i))
            {
                if n != "ERROR_TABLE_BASE_krb5" {
                    assert_eq!(TABLE[i as usize].0, n, "code {v}");
                    seen += 1;
                }
            }
        }
        assert_eq!(seen, 256);
    }
}

#[cfg(test)]
mod gss_text {
    /// gss_display_status of a krb5 minor code gives MIT's text.
    #[test]
    fn minor_text_is_mit_text() {
        let code = super::KRB5KDC_ERR_PREAUTH_FAILED as u32;
        assert_eq!(
            crate::abi::gss::status::minor_text(code),
            "Preauthentication failed"
        );
    }
}
