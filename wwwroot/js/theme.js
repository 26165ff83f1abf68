// The person's light or dark choice, kept in this browser (every tab, every reload); null until they choose.
const key = "aks-dashboard-theme";

export function stored() {
  return localStorage.getItem(key);
}

export function store(dark) {
  localStorage.setItem(key, dark ? "dark" : "light");
}
