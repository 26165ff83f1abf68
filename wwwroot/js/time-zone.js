// The browser's IANA time zone, so windows can be shown in the viewer's local time.
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
