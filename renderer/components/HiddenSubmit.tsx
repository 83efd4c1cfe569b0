/** Lets Enter submit a form whose visible button lives outside it (e.g. a Modal's OK button). */
export function HiddenSubmit() {
  return (
    <button type="submit" tabIndex={-1} aria-hidden style={{ position: 'absolute', width: 1, height: 1, opacity: 0, pointerEvents: 'none', left: -10000 }} />
  );
}
