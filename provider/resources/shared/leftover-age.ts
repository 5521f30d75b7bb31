/**
 * When an object left by a create cut short (a scratch context, an extension marker, a ContextFile
 * write mark) is provably abandoned. Ages are read on AGB's clock only: the time AGB gave the
 * looking create's own object against the time it gave the other, never the provider's clock.
 */

/**
 * Age past which the create that left an object is provably over: two hours. A create spends a few
 * minutes at most between its calls (each within the client's 120 s retry deadline), and an upload
 * runs within three attempts of at most 120 s plus 1 s per MiB (file-upload.ts; 512 MiB at most),
 * about 32 minutes in the worst case, so this leaves a wide margin for slow machines and clock steps.
 */
export const LEFTOVER_AGE_BOUND_MS = 2 * 60 * 60 * 1000;

/**
 * True when `otherTime` is more than {@link LEFTOVER_AGE_BOUND_MS} before `ownTime` (both AGB
 * timestamps). An unreadable time counts as young: such an object is reported, never deleted.
 */
export function pastLeftoverBound(ownTime: string | undefined, otherTime: string | undefined): boolean {
  return Date.parse(ownTime ?? "") - Date.parse(otherTime ?? "") > LEFTOVER_AGE_BOUND_MS;
}
