/** Is a local file a zip archive? By its first four bytes, not by its name alone. */
import { open } from "node:fs/promises";
import { resolveSource } from "../shared/file-body";

/** Local file header (`PK\3\4`) or, for an empty archive, end of central directory (`PK\5\6`). */
const ZIP_SIGNATURES = ["504b0304", "504b0506"];

/** True, or why the file is refused (the name must end in .zip and the bytes must be a zip). */
export async function isZipFile(source: string): Promise<true | string> {
  if (!source.toLowerCase().endsWith(".zip")) return `must be a .zip file (browser extensions are uploaded as zip archives); got ${source}`;
  const handle = await open(resolveSource(source), "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead === 4 && ZIP_SIGNATURES.includes(head.toString("hex"))) return true;
    return `${source} is not a zip archive (its first bytes are not a zip signature)`;
  } finally {
    await handle.close();
  }
}
