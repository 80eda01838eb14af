import type { Place } from '../records.js';

/**
 * One element of a CommerceML item (a `Товар`, a `Предложение`, a `ТипЦены`) as the parser
 * collects it: names are local names, so files with and without the 1C namespace read alike.
 */
export interface XmlNode {
  name: string;
  attributes: ReadonlyMap<string, string>;
  children: XmlNode[];
  /** The element's own text, without that of its children. */
  text: string;
  line: number;
  /** Where the element is in the file, e.g. `КоммерческаяИнформация/Каталог/Товары/Товар`. */
  path: string;
}

/** The first child named `name`, if any. */
export function childOf(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((child) => child.name === name);
}

/** Every child named `name`, in file order. */
export function childrenOf(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((child) => child.name === name);
}

/** The children at the end of a path of names, e.g. `['Цены', 'Цена']`. */
export function descendantsOf(node: XmlNode, names: readonly string[]): XmlNode[] {
  let level = [node];
  for (const name of names) level = level.flatMap((parent) => childrenOf(parent, name));

  return level;
}

/** The trimmed text of the child named `name`; null when there is no such child or it is blank. */
export function childText(node: XmlNode | undefined, name: string): string | null {
  const child = node && childOf(node, name);

  return blankToNull(child?.text);
}

/** The trimmed value of an attribute; null when it is absent or blank. */
export function attributeOf(node: XmlNode, name: string): string | null {
  return blankToNull(node.attributes.get(name));
}

/** The trimmed text, or null for none or only white space. */
export function blankToNull(value: string | undefined): string | null {
  const trimmed = value?.trim();

  return trimmed ? trimmed : null;
}

/**
 * A value of `ЗначенияРеквизитов` (`ЗначениеРеквизита` with `Наименование` and `Значение`),
 * the bag of extra fields 1C writes for what a schema version has no element for.
 */
export function requisiteOf(node: XmlNode, name: string): string | null {
  const wanted = name.toLowerCase();
  const requisite = descendantsOf(node, ['ЗначенияРеквизитов', 'ЗначениеРеквизита']).find(
    (candidate) => childText(candidate, 'Наименование')?.toLowerCase() === wanted,
  );

  return childText(requisite, 'Значение');
}

/** What a reader of one item needs besides the item: the file's name and a place to warn. */
export interface ReadContext {
  file: string;
  warn(node: XmlNode, message: string): void;
}

/** Where the element is, as records and warnings say it. */
export function placeOf(context: ReadContext, node: XmlNode): Place {
  return { file: context.file, line: node.line, path: node.path };
}
