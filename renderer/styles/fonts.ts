// The bundled fallback face (DejaVu Sans covers every Vietnamese letter): used when neither Segoe UI
// (Windows) nor Noto Sans (Linux) is installed. Never fetched from a CDN; the browser downloads it
// from the bundle only if a glyph actually needs it.
import regular from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url';
import bold from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url';

export function registerFonts(doc: Document = document): void {
  const style = doc.createElement('style');
  style.dataset.motcua = 'fonts';
  style.textContent = [
    `@font-face{font-family:'MotCua Sans';src:url("${regular}") format('truetype');font-weight:400;font-style:normal;font-display:swap}`,
    `@font-face{font-family:'MotCua Sans';src:url("${bold}") format('truetype');font-weight:600 700;font-style:normal;font-display:swap}`,
  ].join('\n');
  doc.head.append(style);
}
