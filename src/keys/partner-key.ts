import type { KeyObject } from "node:crypto";

/**
 * A partner's system-user private key as the Developer Portal hands it out: .NET `RSAKeyValue` XML with
 * standard base64 members (identity.md §11). Partners convert it to PEM, or use it as is from .NET.
 */
export function rsaKeyValueXml(privateKey: KeyObject): string {
  const jwk = privateKey.export({ format: "jwk" });
  const b64 = (v: string | undefined) => Buffer.from(v ?? "", "base64url").toString("base64");
  return (
    "<RSAKeyValue>" +
    `<Modulus>${b64(jwk.n)}</Modulus><Exponent>${b64(jwk.e)}</Exponent>` +
    `<P>${b64(jwk.p)}</P><Q>${b64(jwk.q)}</Q><DP>${b64(jwk.dp)}</DP><DQ>${b64(jwk.dq)}</DQ>` +
    `<InverseQ>${b64(jwk.qi)}</InverseQ><D>${b64(jwk.d)}</D>` +
    "</RSAKeyValue>"
  );
}
