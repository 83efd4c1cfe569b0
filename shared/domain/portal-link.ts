// The portal page of a procedure, from the province's URL template (Settings) and the procedure
// code (../shared/domain/one-stop-rules.md §7). Only http(s) links come out: the link is shown to
// citizens as a QR code, so a mistyped template must not turn into something else.

export const DEFAULT_PORTAL_URL_TEMPLATE = 'https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-dung-chung.html?ma_thu_tuc={code}';

/** The procedure's page, or null when the template is not an http(s) URL with a {code} place. */
export function portalLink(template: string, procedureCode: string): string | null {
  if (!template.includes('{code}')) return null;
  const url = template.split('{code}').join(encodeURIComponent(procedureCode.trim()));
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** The procedure's own page when the catalog gives one (http(s) only), else the template's. */
export function procedurePortalLink(template: string, procedure: { code: string; portalUrl?: string }): string | null {
  if (procedure.portalUrl) {
    try {
      const parsed = new URL(procedure.portalUrl);
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return parsed.toString();
    } catch {
      // not a URL: the template's page
    }
  }
  return portalLink(template, procedure.code);
}
