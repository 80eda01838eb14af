import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { headOf } from './decode.js';
import { FeedError, type FeedFile } from './records.js';

/** Most bytes one unpacked file may have: a catalog of millions of offers, not a ZIP bomb. */
const MAX_UNPACKED = 4 * 1024 ** 3;

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

export async function isZip(file: FeedFile): Promise<boolean> {
  if (file.name.toLowerCase().endsWith('.zip')) return true;
  const head = await headOf(file, ZIP_SIGNATURE.length);

  return ZIP_SIGNATURE.every((byte, i) => head[i] === byte);
}

async function bytesOf(file: FeedFile): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of file.open()) parts.push(chunk);

  return Buffer.concat(parts);
}

function entriesOf(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * The files a ZIP archive holds, each read straight from the archive when opened and checked
 * against its CRC-32, so that a damaged archive fails instead of importing part of a file.
 */
export async function unzip(file: FeedFile): Promise<FeedFile[]> {
  const fail = (message: string, name = file.name): never => {
    throw new FeedError({ file: name, line: null, path: null }, message);
  };
  let zip: yauzl.ZipFile;
  let entries: yauzl.Entry[];
  try {
    zip = await yauzl.fromBufferPromise(await bytesOf(file), { lazyEntries: true });
    entries = await entriesOf(zip);
  } catch (error) {
    return fail(`Not a readable ZIP archive: ${(error as Error).message}`);
  }

  return entries.map((entry) => {
    const name = `${file.name}/${entry.fileName}`;
    if (entry.uncompressedSize > MAX_UNPACKED) {
      fail(`Unpacks to ${entry.uncompressedSize} bytes, more than ${MAX_UNPACKED}`, name);
    }

    return {
      name,
      async *open() {
        let checksum = 0;
        try {
          for await (const chunk of await zip.openReadStreamPromise(entry)) {
            checksum = crc32(chunk as Buffer, checksum);
            yield chunk as Buffer;
          }
        } catch (error) {
          fail(`The archive is damaged: ${(error as Error).message}`, name);
        }
        if (checksum !== entry.crc32)
          fail('The archive is damaged: its checksum does not match', name);
      },
    };
  });
}

/** The files of an import with every ZIP among them replaced by what it holds. */
export async function expandArchives(files: FeedFile[]): Promise<FeedFile[]> {
  const expanded: FeedFile[] = [];
  for (const file of files) {
    if (await isZip(file)) expanded.push(...(await unzip(file)));
    else expanded.push(file);
  }

  return expanded;
}
