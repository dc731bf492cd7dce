// format_datetime(): Kusto's .NET-style format specifiers (yyyy, MM, dd, HH, hh, mm, ss, f…, tt).
const two = (n: number): string => String(n).padStart(2, '0');

const SPECIFIERS = /yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}|tt/g;

export function formatDatetime(ms: number, format: string): string {
  const d = new Date(Math.floor(ms));
  const ticks = Math.round((ms - Math.floor(ms / 1000) * 1000) * 10_000);
  const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  return format.replace(SPECIFIERS, (token) => {
    switch (token) {
      case 'yyyy': return String(d.getUTCFullYear()).padStart(4, '0');
      case 'yy': return two(d.getUTCFullYear() % 100);
      case 'MM': return two(d.getUTCMonth() + 1);
      case 'M': return String(d.getUTCMonth() + 1);
      case 'dd': return two(d.getUTCDate());
      case 'd': return String(d.getUTCDate());
      case 'HH': return two(d.getUTCHours());
      case 'H': return String(d.getUTCHours());
      case 'hh': return two(hour12);
      case 'h': return String(hour12);
      case 'mm': return two(d.getUTCMinutes());
      case 'm': return String(d.getUTCMinutes());
      case 'ss': return two(d.getUTCSeconds());
      case 's': return String(d.getUTCSeconds());
      case 'tt': return d.getUTCHours() < 12 ? 'AM' : 'PM';
      default: {
        const digits = String(ticks).padStart(7, '0').slice(0, token.length);
        // A token is all f or all F, so its first letter says which (Stryker's endsWith is equivalent).
        // Stryker disable next-line MethodExpression: equivalent, see above
        return token.startsWith('F') ? digits.replace(/0+$/, '') : digits;
      }
    }
  });
}
