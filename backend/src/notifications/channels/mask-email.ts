/** `zhang.san@example.com` → `z***@example.com`: enough to recognise one's own address, not to harvest it. */
export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
};
