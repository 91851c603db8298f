/** Without zod: the web app imports it (zod's eval probe would break its Content-Security-Policy). */
/**
 * An SMS short code as Twilio names it in `To` and `From`: 5 or 6 digits, no `+`
 * (https://support.twilio.com/hc/en-us/articles/360013980754-Formatting-Short-Code-Numbers). Ours map
 * to agents in Numbers as they are, SMS on Twilio only.
 */
export function isShortCode(s: string): boolean {
  return /^\d{5,6}$/.test(s);
}
