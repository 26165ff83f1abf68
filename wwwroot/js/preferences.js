// Small per-person view preferences (e.g. the pools grid's columns), kept in this browser under a key that names the person.
export function get(key) {
  return localStorage.getItem(key);
}

export function set(key, value) {
  if (value === null) {
    localStorage.removeItem(key);
  } else {
    localStorage.setItem(key, value);
  }
}
