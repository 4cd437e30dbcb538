/** A per-recipient temporary refusal (4xx reply), as opposed to the server being unreachable. */
export function temporaryReply(error: unknown): { code: number; message: string } | null {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 400 && code < 500
    ? { code, message: String((error as Error).message ?? '') }
    : null;
}
