// The greyscale image handed to OCR: paper made uniformly white (uneven phone lighting, grey
// photocopy background, toner fade) by dividing by a smooth estimate of the local background, then
// the ink stretched to full black. On colour pages the red channel is used, which makes red seals
// and stamps nearly vanish while black and blue ink stay dark.

/** In place: grey = 255·grey / background, then stretch so the darkest ink reaches black. */
export function normalizeBackground(grey: Uint8Array, w: number, h: number): void {
  const tile = 32;
  const tw = Math.ceil(w / tile);
  const th = Math.ceil(h / tile);
  const bg = new Float32Array(tw * th);
  const hist = new Uint32Array(256);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      hist.fill(0);
      let n = 0;
      for (let y = ty * tile; y < Math.min(h, (ty + 1) * tile); y += 2) {
        for (let x = tx * tile; x < Math.min(w, (tx + 1) * tile); x += 2) {
          hist[grey[y * w + x]!]!++;
          n++;
        }
      }
      // 90th percentile: the paper, even in a tile that is half ink.
      let acc = 0;
      let v = 255;
      for (let k = 255; k >= 0; k--) {
        acc += hist[k]!;
        if (acc >= n * 0.1) {
          v = k;
          break;
        }
      }
      bg[ty * tw + tx] = v;
    }
  }
  // Tiles covered by a picture or a bold block read dark; take the brighter of the neighbourhood,
  // then smooth, so the estimate follows lighting, not content.
  const grown = new Float32Array(bg.length);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = ty + dy;
          const xx = tx + dx;
          if (yy >= 0 && yy < th && xx >= 0 && xx < tw) m = Math.max(m, bg[yy * tw + xx]!);
        }
      }
      grown[ty * tw + tx] = m;
    }
  }
  const smooth = new Float32Array(bg.length);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      let s = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = ty + dy;
          const xx = tx + dx;
          if (yy >= 0 && yy < th && xx >= 0 && xx < tw) {
            s += grown[yy * tw + xx]!;
            n++;
          }
        }
      }
      smooth[ty * tw + tx] = Math.max(40, s / n);
    }
  }
  // Divide by the bilinearly interpolated background and collect the histogram of the result.
  const out = new Uint32Array(256);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(th - 1, Math.max(0, (y + 0.5) / tile - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(th - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(tw - 1, Math.max(0, (x + 0.5) / tile - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(tw - 1, x0 + 1);
      const wx = fx - x0;
      const b =
        (smooth[y0 * tw + x0]! * (1 - wx) + smooth[y0 * tw + x1]! * wx) * (1 - wy) + (smooth[y1 * tw + x0]! * (1 - wx) + smooth[y1 * tw + x1]! * wx) * wy;
      const i = y * w + x;
      const v = (grey[i]! * 255) / b;
      const q = v >= 255 ? 255 : v | 0;
      grey[i] = q;
      out[q]!++;
    }
  }
  // Ink level: the 0.5th percentile of the page, or the darkest quarter of it if the page is
  // almost empty. Stretch [ink, 255] to [0, 255] when the ink is washed out.
  const total = w * h;
  let acc = 0;
  let ink = 0;
  for (let k = 0; k < 256; k++) {
    acc += out[k]!;
    if (acc >= total * 0.005) {
      ink = k;
      break;
    }
  }
  if (ink > 20 && ink < 200) {
    const lut = new Uint8Array(256);
    for (let k = 0; k < 256; k++) lut[k] = k <= ink ? 0 : Math.min(255, Math.round(((k - ink) * 255) / (255 - ink)));
    for (let i = 0; i < grey.length; i++) grey[i] = lut[grey[i]!]!;
  }
}
