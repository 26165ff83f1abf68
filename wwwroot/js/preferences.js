// Small per-person view preferences (e.g. the pools grid's columns), kept in this browser under a key that names the
// person. Storage may be refused (private windows, policies): then nothing is remembered and nothing fails.
export function get(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function set(key, value) {
  try {
    if (value === null) {
      localStorage.removeItem(key);
    } else {
      localStorage.setItem(key, value);
    }
  } catch {
    // not remembered
  }
}
