// Splitting delimited text into records: RFC 4180 quoting ("a ""b""" is
// a "b"; quoted fields may hold delimiters and line breaks), LF or CRLF line
// ends, or fields separated by runs of blanks. Every record keeps the line it
// starts on, so that a bad value is reported where an editor shows it.

/** A data file that is missing or malformed; the message names the file, the line and the column. */
export class TabularDataError extends Error {
  override name = 'TabularDataError';
}

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
}

/** ',' (the default), another single character, or 'whitespace' (runs of spaces and tabs, as in sklearn's diabetes files). */
export type Delimiter = string | 'whitespace';

export function splitRecords(text: string, source: string, delimiter: Delimiter = ','): CsvRecord[] {
  if (delimiter !== 'whitespace' && (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')) {
    throw new TypeError(`readCsv: delimiter must be one character other than a quote or a line break, or 'whitespace'; got ${JSON.stringify(delimiter)}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark is not part of the first name
  return delimiter === 'whitespace' ? splitBlankSeparated(text) : splitQuoted(text, source, delimiter);
}

function splitBlankSeparated(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    const fields = raw.trim().split(/[ \t]+/);
    if (fields.length === 1 && fields[0] === '') return; // blank line
    records.push({ line: i + 1, fields });
  });
  return records;
}

function splitQuoted(text: string, source: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted (so '' is a value, not a blank line)
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    // A line with nothing on it is skipped, as pandas and Python's csv do.
    if (!(fields.length === 1 && fields[0] === '' && !wasQuoted)) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    wasQuoted = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
          throw new TabularDataError(`${source}: line ${line}, field ${fields.length + 1}: text after a closing quote (write a quote inside a quoted field as "")`);
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new TabularDataError(`${source}: line ${line}, field ${fields.length + 1}: a quote inside an unquoted field (quote the whole field)`);
      quoted = true;
      wasQuoted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      // CRLF: the \n ends the record.
    } else if (c === '\n') {
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
    i++;
  }
  if (quoted) throw new TabularDataError(`${source}: line ${recordLine}: a quoted field is not closed before the end of the file`);
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}
