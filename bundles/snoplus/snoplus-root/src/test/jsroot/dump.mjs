// Prints every branch of a TTree, every entry, as one JSON document, read by jsroot (the ROOT
// team's own JavaScript reader). The Java tests compare snoplus-root against this output.
//
// usage: node dump.mjs FILE TREE
//
// Output: {"tree": name, "entries": n,
//          "branches": [{"name", "leaves": [{"name", "type", "len", "count", "unsigned"}]}],
//          "values": {branch: [value of entry 0, value of entry 1, ...]}}
// Floating-point values are written as the hex of their IEEE bits ("3ff0000000000000" for a double,
// "3f800000" for a float), so that the comparison is bit for bit and owes nothing to printing and
// parsing decimals: JSON.stringify writes -0 as 0 and NaN not at all. Integers beyond 2^53 (jsroot
// gives 64-bit integers as BigInt) are written as decimal strings. Arrays become JSON arrays.
import { openFile, TSelector, treeProcess } from 'jsroot';

const [file, treeName] = process.argv.slice(2);
if (!file || !treeName) {
   process.stderr.write('usage: node dump.mjs FILE TREE\n');
   process.exit(2);
}

const scratch = new DataView(new ArrayBuffer(8));
const bits = {
   TLeafF: v => { scratch.setFloat32(0, v); return scratch.getUint32(0).toString(16).padStart(8, '0'); },
   TLeafD: v => { scratch.setFloat64(0, v); return scratch.getBigUint64(0).toString(16).padStart(16, '0'); }
};

const converter = leafType => {
   const float = bits[leafType];
   const toJson = v => {
      if (typeof v === 'bigint')
         return v.toString();
      if (typeof v === 'number' && float)
         return float(v);
      if (typeof v === 'number' && !Number.isFinite(v))
         throw new Error(`non-finite value ${v} in a ${leafType} leaf`);
      if (ArrayBuffer.isView(v) || Array.isArray(v))
         return Array.from(v, toJson);
      return v;
   };
   return toJson;
};

const f = await openFile(file);
const tree = await f.readObject(treeName);
const branches = tree.fBranches.arr.map(b => ({
   name: b.fName,
   leaves: b.fLeaves.arr.map(l => ({
      name: l.fName,
      type: l._typename,
      len: l.fLen,
      count: l.fLeafCount ? l.fLeafCount.fName : null,
      unsigned: !!l.fIsUnsigned
   }))
}));

const values = {};
const convert = {};
const selector = new TSelector();
for (const b of branches) {
   values[b.name] = [];
   convert[b.name] = converter(b.leaves.length === 1 ? b.leaves[0].type : null);
   selector.addBranch(b.name, b.name);
}
selector.Process = function() {
   for (const b of branches)
      values[b.name].push(convert[b.name](this.tgtobj[b.name]));
};

// jsroot refuses to process a tree without entries; there is nothing to dump then
if (Number(tree.fEntries) > 0)
   await treeProcess(tree, selector);

process.stdout.write(JSON.stringify({ tree: treeName, entries: Number(tree.fEntries), branches, values }));
process.stdout.write('\n');
