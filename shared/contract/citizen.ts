// The citizen window (Electron, second display): what the officer's window may push to it. The main
// process checks every push with this schema before it reaches the citizen window, and the citizen
// window checks it again on arrival. Plain text only (React renders it as text): a procedure name,
// the portal link (http/https, shown as a QR code there) and the steps. Nothing else of the
// officer's (no session, no dossier, no other citizen's data) can travel this way.
import { z } from 'zod';

const text = (max: number) => z.string().max(max).refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'control characters'); // eslint-disable-line no-control-regex

function isWebLink(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export const CitizenGuideSchema = z
  .object({
    procedureName: text(500).pipe(z.string().trim().min(1)),
    link: z.string().max(2048).refine(isWebLink, 'http(s) link').nullable(),
    steps: z
      .array(z.object({ title: text(300).pipe(z.string().trim().min(1)), description: text(4000) }).strict())
      .min(1)
      .max(12),
  })
  .strict();

export type CitizenGuide = z.infer<typeof CitizenGuideSchema>;

/** The guide, or null when `value` is not one (junk from a compromised page, an older build). */
export function parseCitizenGuide(value: unknown): CitizenGuide | null {
  const parsed = CitizenGuideSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
