import { describe, expect, it } from 'vitest';
import { parseCommerceMl } from '../src/feeds/commerceml.js';
import { FeedError, TOO_DEEP, TOO_LONG, XML_LIMITS } from '../src/feeds/records.js';
import { parseYml } from '../src/feeds/yml.js';
import { feedOptions, parseError, textFeed } from './support/feed-files.js';

/*
 * Files shaped to cost a reader minutes or gigabytes are refused at once: nesting past the
 * depth real exports have, and a text longer than any field of theirs.
 */

const deep = (root: string, inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>` +
  `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}${inner}</${root}>`;

describe('limits of the XML readers', () => {
  it('refuses CommerceML nested deeper than real exports are, with the line', async () => {
    const error = await parseError(
      parseCommerceMl(textFeed('deep.xml', deep('КоммерческаяИнформация', '')), feedOptions()),
    );

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).message).toBe(TOO_DEEP);
    expect((error as FeedError).at).toMatchObject({ file: 'deep.xml', line: 2 });
  });

  it('refuses a YML catalog nested past the same depth', async () => {
    const error = await parseError(
      parseYml(textFeed('deep.yml', deep('yml_catalog', '')), feedOptions()),
    );

    expect((error as FeedError).message).toBe(TOO_DEEP);
  });

  it('refuses a CommerceML name longer than any real one, naming the element', async () => {
    const name = 'x'.repeat(XML_LIMITS.textLength + 1);
    const text =
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<КоммерческаяИнформация><Каталог><Товары><Товар><Ид>1</Ид><Наименование>${name}` +
      '</Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>';
    const error = await parseError(
      parseCommerceMl(textFeed('long.xml', text, 65_536), feedOptions()),
    );

    expect((error as FeedError).message).toBe(TOO_LONG);
    expect((error as FeedError).at.path).toMatch(/Товар\/Наименование$/);
  });

  it('refuses one endless text anywhere in the file before it is read whole', async () => {
    const spaces = ' '.repeat(3 * XML_LIMITS.textLength);
    const commerceMl = `<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация><Классификатор>${spaces}</Классификатор></КоммерческаяИнформация>`;
    const yml =
      `<?xml version="1.0" encoding="UTF-8"?><yml_catalog><shop>${spaces}` +
      '</shop></yml_catalog>';

    const errors = await Promise.all([
      parseError(parseCommerceMl(textFeed('bomb.xml', commerceMl, 65_536), feedOptions())),
      parseError(parseYml(textFeed('bomb.yml', yml, 65_536), feedOptions())),
    ]);

    expect(errors.map((e) => (e as FeedError).message)).toEqual([TOO_LONG, TOO_LONG]);
    expect(errors.map((e) => (e as FeedError).at.file)).toEqual(['bomb.xml', 'bomb.yml']);
  });
});
