// A rough strength estimate for the password field: length matters most.
export function strength(pw: string): { score: number; label: string } {
  let score = 0;
  if (pw.length >= 10) score++;
  if (pw.length >= 14) score++;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  if (classes >= 2) score++;
  if (classes >= 3 && pw.length >= 12) score++;
  if (/^(.)\1+$/.test(pw) || /^(password|123456|qwerty)/i.test(pw)) score = 0;
  const label = ["Too weak", "Weak", "Fair", "Good", "Strong"][score];
  return { score, label };
}
export const MIN_PASSWORD = 10;
