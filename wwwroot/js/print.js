// Opens the browser's print dialog (also "Save as PDF"); a module, because the Content-Security-Policy allows no inline script.
export function print() {
  window.print();
}
