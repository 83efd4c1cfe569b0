// Synthetic citizen ID cards (CCCD) for tests and the decoder bench: the card's face with its QR
// code (generated with `qrcode`, the text as the real cards carry it), placed on an A4 scan or in a
// phone photo, then degraded the ways desk captures are (rotation, blur, JPEG, fading, perspective).
import path from 'node:path';
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import sharp from 'sharp';

const require_ = createRequire(__filename);
let registered = false;
function fonts(): void {
  if (registered) return;
  const dir = path.join(path.dirname(require_.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  GlobalFonts.registerFromPath(path.join(dir, 'DejaVuSans.ttf'), 'CardSans');
  GlobalFonts.registerFromPath(path.join(dir, 'DejaVuSans-Bold.ttf'), 'CardSansBold');
  registered = true;
}

export interface CardFields {
  id: string;
  oldId: string;
  name: string;
  /** ddmmyyyy as on the card. */
  dob: string;
  sex: 'Nam' | 'Nữ';
  address: string;
  /** ddmmyyyy as on the card. */
  issueDate: string;
}

export const SAMPLE_CARDS: readonly CardFields[] = [
  { id: '001088012345', oldId: '012345678', name: 'Nguyễn Văn An', dob: '01011988', sex: 'Nam', address: 'Số 12 Ngõ 34 Đội Cấn, Phường Đội Cấn, Quận Ba Đình, Hà Nội', issueDate: '15062021' },
  { id: '079195004321', oldId: '', name: 'Trần Thị Bích Ngọc', dob: '23111995', sex: 'Nữ', address: 'Tổ 5, Khu phố 3, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh', issueDate: '02032022' },
  { id: '038201009876', oldId: '', name: 'Lê Hoàng Đức', dob: '30042001', sex: 'Nam', address: 'Thôn Đông, Xã Quảng Thịnh, Thành phố Thanh Hóa, Thanh Hóa', issueDate: '10082021' },
  { id: '048303000777', oldId: '', name: 'Phạm Ngọc Ánh', dob: '05092003', sex: 'Nữ', address: 'Số 8 Nguyễn Văn Linh, Phường Nam Dương, Quận Hải Châu, Đà Nẵng', issueDate: '21122021' },
];

/** The QR text as the cards carry it: id|old id|name|ddmmyyyy|sex|address|ddmmyyyy. */
export function cardQrText(f: CardFields): string {
  return [f.id, f.oldId, f.name, f.dob, f.sex, f.address, f.issueDate].join('|').normalize('NFC');
}

const MM = 1 / 25.4;

/** The card's face (85.6 × 54 mm) at `dpi`, QR (16 mm) at the top right, as a PNG. */
export async function cardImage(text: string, opts: { dpi?: number } = {}): Promise<Buffer> {
  fonts();
  const dpi = opts.dpi ?? 300;
  const w = Math.round(85.6 * MM * dpi);
  const h = Math.round(54 * MM * dpi);
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  const grad = g.createLinearGradient(0, 0, w, h);
  grad.addColorStop(0, '#dfeef2');
  grad.addColorStop(1, '#f4e9d8');
  g.fillStyle = grad;
  g.fillRect(0, 0, w, h);
  // Guilloche-like background lines: the texture a real card has around its QR.
  g.strokeStyle = 'rgba(120,150,170,0.25)';
  g.lineWidth = Math.max(1, dpi / 300);
  for (let i = 0; i < 40; i++) {
    g.beginPath();
    g.arc(w * 0.35, h * 1.3, h * (0.5 + i * 0.03), Math.PI, 2 * Math.PI);
    g.stroke();
  }
  const px = (mm: number) => mm * MM * dpi;
  g.fillStyle = '#b01818';
  g.font = `${Math.round(px(3.2))}px CardSansBold`;
  g.fillText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', px(16), px(6));
  g.fillStyle = '#1c2c6c';
  g.font = `${Math.round(px(4.2))}px CardSansBold`;
  g.fillText('CĂN CƯỚC CÔNG DÂN', px(22), px(12));
  // Photo placeholder.
  g.fillStyle = '#9aa6b2';
  g.fillRect(px(4), px(16), px(20), px(26));
  const parts = text.split('|');
  g.fillStyle = '#111111';
  g.font = `${Math.round(px(2.6))}px CardSans`;
  const lines = [`Số / No.: ${parts[0] ?? ''}`, `Họ và tên: ${parts[2] ?? ''}`, `Ngày sinh: ${parts[3] ?? ''}   Giới tính: ${parts[4] ?? ''}`, `Nơi thường trú: ${(parts[5] ?? '').slice(0, 34)}`, (parts[5] ?? '').slice(34, 70)];
  lines.forEach((l, i) => g.fillText(l, px(27), px(20 + i * 4.2)));
  // QR with its quiet zone (the card has a white square behind it).
  const qrPng = await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 2, scale: 8 });
  const qr = await loadImage(qrPng);
  const side = px(16);
  g.imageSmoothingEnabled = false;
  g.drawImage(qr, w - side - px(3), px(3), side, side);
  return canvas.toBuffer('image/png');
}

/** An unrelated QR (a web address) for pages with several codes. */
export function otherQr(text = 'https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma=H01.234-250101-0001'): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 2, scale: 8 });
}

export interface PlaceOptions {
  dpi?: number;
  /** Card centre as fractions of the page width/height. */
  at?: [number, number];
  /** Clockwise degrees. */
  angle?: number;
  /** Another QR drawn beside the card, at the card's scale. */
  otherQr?: boolean;
}

/** The card (rendered at the page's dpi) laid on a white A4 page at `dpi`, as a PNG. */
export async function cardOnA4(text: string, opts: PlaceOptions = {}): Promise<Buffer> {
  const dpi = opts.dpi ?? 300;
  const w = Math.round(210 * MM * dpi);
  const h = Math.round(297 * MM * dpi);
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, w, h);
  const card = await loadImage(await cardImage(text, { dpi }));
  const [fx, fy] = opts.at ?? [0.3, 0.2];
  g.save();
  g.translate(w * fx, h * fy);
  g.rotate(((opts.angle ?? 0) * Math.PI) / 180);
  g.drawImage(card, -card.width / 2, -card.height / 2);
  g.restore();
  if (opts.otherQr) {
    const other = await loadImage(await otherQr());
    const side = Math.round(20 * MM * dpi);
    g.imageSmoothingEnabled = false;
    g.drawImage(other, Math.min(w - side - 10, w * fx + card.width * 0.6), h * fy + card.height * 0.2, side, side);
  }
  return canvas.toBuffer('image/png');
}

/** Solves the 3×3 homography mapping four source points to four destination points. */
function homography(src: number[][], dst: number[][]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i]!;
    const [u, v] = dst[i]!;
    a.push([x!, y!, 1, 0, 0, 0, -u! * x!, -u! * y!, u!]);
    a.push([0, 0, 0, x!, y!, 1, -v! * x!, -v! * y!, v!]);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < 9; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return [...a.map((row, i) => row[8]! / row[i]!), 1];
}

/**
 * A phone photo of the card: the card warped in perspective (one side nearer the camera) onto a grey
 * table in a `width` × `height` frame, slightly blurred and JPEG-compressed.
 */
export async function phonePhoto(text: string, opts: { width?: number; height?: number; tilt?: number } = {}): Promise<Buffer> {
  const W = opts.width ?? 1600;
  const H = opts.height ?? 1200;
  const tilt = opts.tilt ?? 0.18;
  const { data: card, info } = await sharp(await cardImage(text, { dpi: 300 })).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const cw = info.width;
  const ch = info.height;
  // Destination quad: the far (top) edge shorter than the near one.
  const cx = W / 2;
  const top = H * 0.2;
  const bottom = H * 0.82;
  const half = W * 0.36;
  const dst = [
    [cx - half * (1 - tilt) + 30, top],
    [cx + half * (1 - tilt) + 30, top + 20],
    [cx + half, bottom],
    [cx - half, bottom - 15],
  ];
  const src = [
    [0, 0],
    [cw, 0],
    [cw, ch],
    [0, ch],
  ];
  const m = homography(dst, src); // frame → card
  const out = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = m[6]! * x + m[7]! * y + m[8]!;
      const sx = (m[0]! * x + m[1]! * y + m[2]!) / d;
      const sy = (m[3]! * x + m[4]! * y + m[5]!) / d;
      const o = (y * W + x) * 3;
      if (sx >= 0 && sy >= 0 && sx < cw - 1 && sy < ch - 1) {
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const ax = sx - x0;
        const ay = sy - y0;
        for (let k = 0; k < 3; k++) {
          const i00 = card[(y0 * cw + x0) * 3 + k]!;
          const i10 = card[(y0 * cw + x0 + 1) * 3 + k]!;
          const i01 = card[((y0 + 1) * cw + x0) * 3 + k]!;
          const i11 = card[((y0 + 1) * cw + x0 + 1) * 3 + k]!;
          out[o + k] = (i00 * (1 - ax) + i10 * ax) * (1 - ay) + (i01 * (1 - ax) + i11 * ax) * ay;
        }
      } else {
        const shade = 95 + ((x + y) % 7);
        out[o] = shade;
        out[o + 1] = shade - 5;
        out[o + 2] = shade - 12;
      }
    }
  }
  return sharp(out, { raw: { width: W, height: H, channels: 3 } }).blur(1.1).jpeg({ quality: 75 }).toBuffer();
}

export type Degrade = { blur?: number; jpeg?: number; fade?: boolean; dpi?: number };

/** Scanner-like degradation of a page PNG: blur, fading (low contrast), JPEG; the dpi recorded. */
export async function degrade(png: Buffer, d: Degrade): Promise<Buffer> {
  let img = sharp(png);
  if (d.blur) img = img.blur(d.blur);
  if (d.fade) img = img.linear(0.4, 150);
  if (d.dpi) img = img.withMetadata({ density: d.dpi });
  return d.jpeg ? img.jpeg({ quality: d.jpeg }).toBuffer() : img.png().toBuffer();
}

export interface FrontOptions {
  /** 'cccd': the chip card (2021) with its bilingual labels; 'cmnd': the old 9-digit paper ID. */
  kind?: 'cccd' | 'cmnd';
  dpi?: number;
  /** Quê quán / Nguyên quán as printed (default: the address's last two parts). */
  origin?: string;
  /** ddmmyyyy "Có giá trị đến" (CCCD only; default: the issue date + 15 years). */
  expiry?: string;
  /** Drawn on an A4 page at this spot (as cardOnA4) instead of alone. */
  onA4?: PlaceOptions;
}

const dmy = (d: string) => `${d.slice(0, 2)}/${d.slice(2, 4)}/${d.slice(4)}`;

/** Splits text into lines of at most `max` characters at spaces. */
function wrap(text: string, max: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && (line + ' ' + w).length > max) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

/**
 * The front of a card WITHOUT a readable QR, its fields printed in the cards' layout and labels:
 * a chip CCCD (bilingual labels, the name in capitals under its label, the expiry at the bottom left)
 * or an old CMND (9 digits, "Sinh ngày", "Nguyên quán", "Nơi ĐKHK thường trú"). PNG.
 */
export async function cardFront(f: CardFields, opts: FrontOptions = {}): Promise<Buffer> {
  fonts();
  const kind = opts.kind ?? 'cccd';
  const dpi = opts.dpi ?? 300;
  const w = Math.round(85.6 * MM * dpi);
  const h = Math.round(54 * MM * dpi);
  const px = (mm: number) => mm * MM * dpi;
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  const grad = g.createLinearGradient(0, 0, w, h);
  grad.addColorStop(0, kind === 'cccd' ? '#e3eff3' : '#e6f0e4');
  grad.addColorStop(1, kind === 'cccd' ? '#f5ecdc' : '#f2efe0');
  g.fillStyle = grad;
  g.fillRect(0, 0, w, h);
  g.strokeStyle = 'rgba(120,150,170,0.18)';
  g.lineWidth = Math.max(1, dpi / 300);
  for (let i = 0; i < 30; i++) {
    g.beginPath();
    g.arc(w * 0.6, h * 1.4, h * (0.6 + i * 0.03), Math.PI, 2 * Math.PI);
    g.stroke();
  }
  const origin = opts.origin ?? f.address.split(',').slice(-2).join(',').trim();
  const text = (s: string, x: number, y: number, size: number, bold = false, color = '#151515') => {
    g.fillStyle = color;
    g.font = `${Math.round(px(size))}px ${bold ? 'CardSansBold' : 'CardSans'}`;
    g.fillText(s, px(x), px(y));
  };
  // Emblem and photo placeholders.
  g.fillStyle = '#c8a040';
  g.beginPath();
  g.arc(px(11), px(9), px(6), 0, 2 * Math.PI);
  g.fill();
  g.fillStyle = '#9aa6b2';
  g.fillRect(px(3), px(18), px(19), px(25));
  if (kind === 'cccd') {
    text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 24, 5, 2.3, true, '#1c2c6c');
    text('Độc lập - Tự do - Hạnh phúc', 36, 8, 2.1, true, '#1c2c6c');
    text('CĂN CƯỚC CÔNG DÂN', 31, 13, 3.6, true, '#b01818');
    text(`Số / No.: ${f.id}`, 31, 18, 3, true);
    text('Họ và tên / Full name:', 24, 22, 2.1);
    text(f.name.toUpperCase(), 24, 25.5, 2.8, true);
    text(`Ngày sinh / Date of birth: ${dmy(f.dob)}`, 24, 29.5, 2.1);
    text(`Giới tính / Sex: ${f.sex}     Quốc tịch / Nationality: Việt Nam`, 24, 33, 2.1);
    text('Quê quán / Place of origin:', 24, 36.5, 2.1);
    text(origin, 24, 39.5, 2.1);
    text('Nơi thường trú / Place of residence:', 24, 43, 2.1);
    wrap(f.address, 46).slice(0, 2).forEach((l, i) => text(l, 24, 46.3 + i * 3.2, 2.1));
    const expiry = opts.expiry ?? `${f.issueDate.slice(0, 4)}${Number(f.issueDate.slice(4)) + 15}`;
    text(`Có giá trị đến: ${dmy(expiry)}`, 2, 52.3, 1.6);
  } else {
    text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 24, 5, 2.3, true, '#1c2c6c');
    text('Độc lập - Tự do - Hạnh phúc', 36, 8, 2.1, true, '#1c2c6c');
    text('GIẤY CHỨNG MINH NHÂN DÂN', 27, 13, 3.2, true, '#b01818');
    text(`SỐ ${f.oldId || f.id}`, 36, 18.5, 3.4, true, '#b01818');
    text(`Họ tên: ${f.name.toUpperCase()}`, 24, 23.5, 2.5);
    text(`Sinh ngày: ${f.dob.slice(0, 2)}-${f.dob.slice(2, 4)}-${f.dob.slice(4)}`, 24, 28, 2.5);
    const o = wrap(`Nguyên quán: ${origin}`, 40);
    o.slice(0, 2).forEach((l, i) => text(l, 24, 32.5 + i * 3.4, 2.5));
    const a = wrap(`Nơi ĐKHK thường trú: ${f.address}`, 40);
    a.slice(0, 3).forEach((l, i) => text(l, 24, 40 + i * 3.4, 2.5));
  }
  const card = canvas.toBuffer('image/png');
  if (!opts.onA4) return card;
  const pw = Math.round(210 * MM * dpi);
  const ph = Math.round(297 * MM * dpi);
  const page = createCanvas(pw, ph);
  const pg = page.getContext('2d');
  pg.fillStyle = '#ffffff';
  pg.fillRect(0, 0, pw, ph);
  const img = await loadImage(card);
  const [fx, fy] = opts.onA4.at ?? [0.3, 0.2];
  pg.save();
  pg.translate(pw * fx, ph * fy);
  pg.rotate(((opts.onA4.angle ?? 0) * Math.PI) / 180);
  pg.drawImage(img, -img.width / 2, -img.height / 2);
  pg.restore();
  return page.toBuffer('image/png');
}
