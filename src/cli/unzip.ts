/** The JSON files of a zip archive (an Actions artifact as the API downloads it). */
import { strFromU8, unzipSync } from 'fflate';

export function unzipJsonFiles(zip: Uint8Array): { name: string; text: string }[] {
  const files = unzipSync(zip, { filter: (file) => file.name.endsWith('.json') });
  return Object.entries(files).map(([name, bytes]) => ({ name, text: strFromU8(bytes) }));
}
