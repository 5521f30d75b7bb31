/** Secret values in the engine's wire format (the plugin tells the engine it takes no secrets in, but returns some). */

/** The property-value signature key and the secret's signature (@pulumi/pulumi runtime/rpc.js specialSigKey, specialSecretSig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** `value`, marked secret for the engine. */
export function secretValue(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** The outputs with `names` marked secret (absent ones stay absent). */
export function withSecretOutputs(
  outs: Record<string, unknown> | undefined,
  names: readonly string[] | undefined,
): Record<string, unknown> | undefined {
  if (!outs || !names?.length) return outs;
  const copy: Record<string, unknown> = { ...outs };
  for (const name of names) if (copy[name] !== undefined) copy[name] = secretValue(copy[name]);
  return copy;
}
