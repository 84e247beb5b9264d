// Help texts are written as one line per flag or sentence; this folds the long ones to the width of a
// terminal (80 columns), continuing each under its own text: a usage line under its first `[`, a
// flag's description under the description column, prose under its own indentation.

function hangingIndent(line: string, width: number): number {
  if (line.startsWith('Usage: ')) {
    const bracket = line.indexOf(' [');
    return bracket > 0 && bracket < width / 2 ? bracket + 1 : 'Usage: '.length;
  }
  const term = /^(\s*\S.*?\S\s{2,})\S/.exec(line);
  if (term?.[1] && term[1].length < width - 24) return term[1].length;
  return line.length - line.trimStart().length;
}

function fold(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indent = ' '.repeat(hangingIndent(line, width));
  const lead = line.slice(0, line.length - line.trimStart().length);
  const lines: string[] = [];
  let current = lead;
  // the spaces that align a description stay as they are: only breaks between words move, and in a
  // usage line a bracketed item ([--dir PATH]) stays whole
  const breaks = line.startsWith('Usage: ') ? /(?<=\S) (?=\S)(?![^[]*\])/ : /(?<=\S) (?=\S)/;
  for (const [i, word] of line.trimStart().split(breaks).entries()) {
    const candidate = i === 0 ? `${lead}${word}` : `${current} ${word}`;
    if (candidate.length > width && current.trim() !== '') {
      lines.push(current);
      current = `${indent}${word.trimStart()}`;
    } else {
      current = candidate;
    }
  }
  lines.push(current);
  return lines;
}

export function wrapHelp(text: string, width = 80): string {
  return text.split('\n').flatMap((line) => fold(line, width)).join('\n');
}
