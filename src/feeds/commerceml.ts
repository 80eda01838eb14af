import { createCommerceMlReader } from './commerceml/reader.js';
import { headOf, textOf, xmlEncoding } from './decode.js';
import type { FeedFile, FeedOptions, FeedRecord } from './records.js';

/**
 * The records of a CommerceML 2.03–2.10 or 3.x file: a catalog (`import.xml`), an offer package
 * (`offers.xml`), 3.x `prices.xml` and `rests.xml`, a change set or a classifier, in UTF-8 (with
 * or without a BOM) or the encoding it declares, with or without the 1C namespace. The file is
 * read as a stream and each record is yielded once its element closes. `options` are not used:
 * CommerceML names its own price types, currencies and warehouses.
 *
 * Throws a `FeedError` with the file and line for bad XML, a root other than
 * `КоммерческаяИнформация`, an unknown encoding, or a file that ends before its document does.
 */
export async function* parseCommerceMl(
  file: FeedFile,
  _options: FeedOptions,
): AsyncGenerator<FeedRecord> {
  const reader = createCommerceMlReader(file.name);
  for await (const text of textOf(file, xmlEncoding(await headOf(file)))) {
    reader.write(text);
    yield* reader.take();
  }

  reader.end();
  yield* reader.take();
}
