import { readFileSync } from 'node:fs';

/*
 * A summary of a V8 CPU profile (.cpuprofile, as node --cpu-prof or the inspector writes it):
 * where the samples fell, by package and by function, counting each sample once (self time).
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  ms: number;
  /** Of the busy (not idle) time. */
  share: number;
}

export interface ProfileSummary {
  wallMs: number;
  busyMs: number;
  byPackage: ProfileShare[];
  byFunction: ProfileShare[];
}

/** Who a frame belongs to: a package, a part of Node, V8 itself, or a file of this project. */
function ownerOf(url: string, functionName: string): string {
  if (!url)
    return functionName.startsWith('(') && functionName !== '(anonymous)'
      ? functionName
      : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  if (url.startsWith('node:')) {
    const path = url.replace(/^node:(internal\/)?/, '');
    return `node:${path.split('/')[0]!.replace(/\.js$/, '')}`;
  }
  const src = url.indexOf('/src/');
  if (src >= 0)
    return `interdist ${url
      .slice(src + 1)
      .split('/')
      .slice(0, 2)
      .join('/')}`;

  return url.replace(/^file:\/\//, '');
}

/** A frame's file, short: within its package, or within this project. */
function fileOf(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);

  return url.replace(/^file:\/\//, '');
}

function top(totals: Map<string, number>, busyMs: number, count: number): ProfileShare[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms, share: ms / busyMs }));
}

const isRuntime = (owner: string) => owner === '(native)' || owner.startsWith('node:');

export function summarizeProfile(file: string, count = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);

  // Node's and V8's own frames count for the package that called them, e.g. a socket write
  // for the driver that wrote, so that "postgres > runtime" is what postgres.js made Node do.
  const owners = new Map<number, string>();
  const ownerOfNode = (id: number): string => {
    const known = owners.get(id);
    if (known !== undefined) return known;
    const { url, functionName } = nodes.get(id)!.callFrame;
    let owner = ownerOf(url, functionName);
    if (isRuntime(owner)) {
      let caller = parents.get(id);
      while (caller !== undefined && isRuntime(ownerOf(nodes.get(caller)!.callFrame.url, '')))
        caller = parents.get(caller);
      const by = caller === undefined ? null : ownerOfNode(caller).replace(/ > runtime$/, '');
      if (by && by !== '(root)') owner = `${by} > runtime`;
    }
    owners.set(id, owner);
    return owner;
  };

  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busyMs = 0;
  profile.samples.forEach((id, i) => {
    // The delta before the next sample is the time this one stands for.
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    if (functionName === '(idle)') return;
    busyMs += ms;
    const owner = ownerOfNode(id);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + ms);
    const where = url ? `${fileOf(url)}:${lineNumber + 1}` : owner;
    const name = `${functionName || '(anonymous)'} ${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  });

  return {
    wallMs: (profile.endTime - profile.startTime) / 1000,
    busyMs,
    byPackage: top(byPackage, busyMs, count),
    byFunction: top(byFunction, busyMs, count),
  };
}

export function formatProfile(summary: ProfileSummary): string[] {
  const row = (s: ProfileShare) =>
    `    ${(s.share * 100).toFixed(1).padStart(5)} %  ${s.ms.toFixed(0).padStart(6)} ms  ${s.name}`;
  const busy = (summary.busyMs / summary.wallMs) * 100;
  const ms = (value: number) => value.toFixed(0);

  return [
    `  main thread busy ${ms(summary.busyMs)} of ${ms(summary.wallMs)} ms (${busy.toFixed(0)} %)`,
    '  (the profiler samples wall time: while the machine is overloaded, time the thread was',
    '  descheduled lands in the frame it was in, often a socket write that woke PostgreSQL)',
    '  self time by package (Node and V8 frames counted for the package that called them):',
    ...summary.byPackage.map(row),
    '  by function:',
    ...summary.byFunction.map(row),
  ];
}
