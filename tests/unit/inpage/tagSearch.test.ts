import { describe, expect, it } from 'vitest';
import { type PickerTag, TagSearch } from '@/lib/inpage/tagSearch';

function tag(path: string, uses = 0, recent = 0): PickerTag {
  const name = path.split(' > ').at(-1) as string;
  return { id: path, name, path, color: '#000000', uses, recent };
}

const tags = [
  tag('配件缺失', 3),
  tag('配件缺失 > 螺丝包缺失', 1),
  tag('Battery', 5),
  tag('Battery > Dead on arrival', 9),
  tag('Packaging > Box crushed', 0),
];
const initials = new Map([
  ['配件缺失', 'pjqs'],
  ['配件缺失 > 螺丝包缺失', 'lsbqs'],
]);
const search = new TagSearch(tags, initials);

function labels(query: string): string[] {
  return search.options(query).map((option) => (option.kind === 'tag' ? option.tag.path : `+${option.path}`));
}

describe('TagSearch', () => {
  it('lists the most used tags first when nothing is typed', () => {
    expect(labels('')[0]).toBe('Battery > Dead on arrival');
  });

  it('matches anywhere in the path, ignoring case and width', () => {
    expect(labels('ｄｅａｄ')).toEqual(['Battery > Dead on arrival', '+dead']);
    expect(labels('battery>dead')).toContain('Battery > Dead on arrival');
    expect(labels('crushed')[0]).toBe('Packaging > Box crushed');
  });

  it('matches Chinese names by pinyin initials', () => {
    expect(labels('pjqs')[0]).toBe('配件缺失');
    expect(labels('lsb')[0]).toBe('配件缺失 > 螺丝包缺失');
    expect(labels('螺丝')[0]).toBe('配件缺失 > 螺丝包缺失');
  });

  it('offers to create the typed name unless a tag matches exactly', () => {
    expect(labels('battery')).not.toContain('+battery');
    expect(labels('Battery')[0]).toBe('Battery');
    expect(labels('Batt').at(-1)).toBe('+Batt');
    expect(labels('Zipper > Teeth  missing')).toEqual(['+Zipper > Teeth missing']);
    expect(labels('Battery > Dead on arrival')[0]).toBe('Battery > Dead on arrival');
    expect(labels('Battery > Dead on arrival')).not.toContain('+Battery > Dead on arrival');
  });

  it('ranks a tag higher after countUse, without re-indexing', () => {
    const local = new TagSearch([tag('A', 2), tag('B', 2, 5)]);
    expect(local.options('').map((option) => option.kind === 'tag' && option.tag.path)).toEqual(['B', 'A']);
    expect(local.countUse('A', 1)).toBe(true);
    expect(local.options('')[0]).toMatchObject({ tag: { path: 'A', uses: 3 } });
    expect(local.countUse('unknown', 1)).toBe(false);
  });

  it('stays fast with 2,000 tags', () => {
    const many = Array.from({ length: 2000 }, (_, i) => tag(`Group ${i % 40} > Problem ${i}`, i % 7));
    const big = new TagSearch(many);
    const started = performance.now();
    for (const query of ['p', 'pr', 'pro', 'prob', 'problem 1', 'group 3 > problem 1']) big.options(query);
    expect(big.options('problem 1999')[0]).toMatchObject({ kind: 'tag' });
    // Generous bound: this guards against accidental quadratic work, not machine speed.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
