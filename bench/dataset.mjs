/**
 * Realistic seller-scale data for `npm run bench`: a problem-tag hierarchy (Chinese and English names, three
 * levels), items from every page kind with real-looking Amazon IDs, and taggings skewed the way a real account is
 * (a few ASINs and a few problems dominate, recent weeks are busier, some taggings carry a snippet or a note).
 *
 * generateRecords() is self-contained (no imports, no closures) because it is sent to an extension page with
 * page.evaluate and runs there, next to the messages that seed the database.
 */

const ROOTS = [
  ['质量问题', ['漏水', '破损', '开裂', '生锈', '异味', '褪色', '做工粗糙', '尺寸不符', '材质差']],
  ['功能故障', ['无法充电', '无法开机', '接触不良', '发热', '噪音大', '按键失灵', '连接断开', '续航短', '死机']],
  ['包装物流', ['外箱破损', '配件缺失', '错发', '少发', '延迟送达', '包装简陋', '标签错误', '受潮', '压坏']],
  ['描述不符', ['颜色不符', '尺寸偏小', '尺寸偏大', '图片不符', '功能夸大', '材质不符', '型号不符', '数量不符']],
  ['Usability', ['Hard to assemble', 'Manual unclear', 'Too heavy', 'Lid hard to open', 'App pairing', 'Buttons']],
  ['Safety', ['Sharp edges', 'Overheating', 'Smell of plastic', 'Battery swelling', 'Loose parts', 'Choking']],
  ['Customer service', ['Slow reply', 'Refund dispute', 'Wrong answer', 'Rude buyer', 'Return abuse']],
  ['Listing', ['Wrong title', 'Missing size chart', 'Bad translation', 'Wrong variation', 'Price confusion']],
];

/**
 * `count` tag paths "Root > Group > Leaf" (every prefix is a tag too), about 1,000 for the full bench.
 * Leaves are the names above, made unique per group with a model suffix where needed.
 */
export function tagPaths(count) {
  const paths = [];
  const seen = new Set();
  const add = (path) => {
    if (paths.length < count && !seen.has(path)) {
      seen.add(path);
      paths.push(path);
    }
  };
  for (let group = 0; paths.length < count; group++) {
    for (const [root, leaves] of ROOTS) {
      if (group === 0) add(root);
      const mid = `${root} > ${leaves[group % leaves.length]}${group >= leaves.length ? ` ${Math.floor(group / leaves.length) + 1}` : ''}`;
      add(mid);
      for (const [i, leaf] of leaves.entries()) {
        if (paths.length >= count) break;
        add(`${mid} > ${leaf} ${['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K'][i % 10]}${group}`);
      }
      if (paths.length >= count) break;
    }
  }
  return paths;
}

/**
 * Items and taggings for `tags` (records as the background stores them), deterministic for a seed.
 * Runs in the browser: see the note at the top.
 */
export function generateRecords({ tags, items: itemCount, taggings: taggingCount, seed, now }) {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];
  /** Zipf-ish: low indexes much more often. */
  const skewed = (n, power = 2.2) => Math.min(n - 1, Math.floor(n * random() ** power));
  const digits = (n) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const alnum = (n) =>
    Array.from({ length: n }, () => '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.floor(random() * 34)]).join('');
  const weighted = (pairs) => {
    let r = random() * pairs.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, weight] of pairs) {
      r -= weight;
      if (r < 0) return value;
    }
    return pairs[0][0];
  };
  const HOSTS = {
    US: 'sellercentral.amazon.com',
    UK: 'sellercentral-europe.amazon.com',
    DE: 'sellercentral-europe.amazon.com',
    FR: 'sellercentral-europe.amazon.com',
    IT: 'sellercentral-europe.amazon.com',
    ES: 'sellercentral-europe.amazon.com',
    JP: 'sellercentral-japan.amazon.com',
    CA: 'sellercentral.amazon.ca',
    MX: 'sellercentral.amazon.com.mx',
    AU: 'sellercentral.amazon.com.au',
  };
  const MARKETS = [
    ['US', 50],
    ['UK', 9],
    ['DE', 11],
    ['FR', 4],
    ['IT', 4],
    ['ES', 4],
    ['JP', 8],
    ['CA', 5],
    ['MX', 2],
    ['AU', 3],
  ];
  const SOURCES = [
    ['review', 45],
    ['return', 24],
    ['feedback', 10],
    ['message', 12],
    ['voc', 6],
    ['other', 3],
  ];
  const PHRASES = [
    'The lid leaks after a week of daily use.',
    'Arrived with a cracked corner, box was crushed.',
    '充电器用了三天就无法充电了，非常失望。',
    'Color is nothing like the pictures.',
    '包装破损，配件缺失，说明书也没有。',
    'Stopped working after the first wash.',
    'Smells strongly of plastic, returned it.',
    '尺寸偏小，建议买大一号。',
    'Great value but the paint chips easily.',
    'Customer service never answered my message.',
    'Too small for an adult hand <b>seriously</b>.',
    'Works fine, "Do not buy & avoid" the cheap cable.',
  ];
  const REASONS = [
    ['Defective', 'DEFECTIVE'],
    ["Item defective or doesn't work", 'DEFECTIVE'],
    ['Inaccurate website description', 'NOT_AS_DESCRIBED'],
    ['Missing parts', 'MISSING_PARTS'],
    ['Product and shipping box both damaged', 'DAMAGED_BY_CARRIER'],
    ['Too small', 'APPAREL_TOO_SMALL'],
    ['No longer needed', 'UNWANTED_ITEM'],
  ];
  const BUYERS = ['Jordan P.', '王小明', 'Casey', '李雷', 'Riley', 'Lukas M.', '山田太郎', 'Sam K.', 'Anna S.', '张伟'];
  const DAY = 86_400_000;

  const asinCount = Math.max(5, Math.round(itemCount / 50));
  const asins = Array.from({ length: asinCount }, (_, i) => `B0${alnum(4)}${String(i).padStart(4, '0')}`);
  const skus = asins.map((asin, i) => `SKU-${i}-${asin.slice(-4)}`);

  const items = [];
  for (let i = 0; i < itemCount; i++) {
    const source = weighted(SOURCES);
    const marketplace = weighted(MARKETS);
    const host = HOSTS[marketplace];
    const a = skewed(asinCount, 1.8);
    const asin = asins[a];
    const sku = skus[a];
    const orderId = `${pick(['111', '112', '113', '114'])}-${digits(7)}-${digits(7)}`;
    const text = `${pick(PHRASES)} ${pick(PHRASES)} ${random() < 0.4 ? pick(PHRASES) : ''}`.trim();
    // Days ago the item was first seen: recent weeks busier.
    const firstSeenAt = now - Math.floor(365 * DAY * random() ** 2.5) - 3_600_000;
    const item = { source, marketplace, asin, pageUrl: '', firstSeenAt, updatedAt: firstSeenAt };
    let key;
    if (source === 'review') {
      item.reviewId = `R${alnum(12)}`;
      item.rating = weighted([
        [1, 40],
        [2, 25],
        [3, 18],
        [4, 10],
        [5, 7],
      ]);
      item.title = text.slice(0, 40);
      item.text = text;
      item.buyer = pick(BUYERS);
      item.itemDate = new Date(firstSeenAt).toDateString();
      item.pageUrl = `https://${host}/brand-customer-reviews/`;
      key = `review:${marketplace}:review/${item.reviewId}`;
    } else if (source === 'return') {
      const [reason, code] = pick(REASONS);
      item.orderId = orderId;
      item.sku = sku;
      item.returnRequestId = `D${alnum(8)}`;
      item.returnReason = reason;
      item.returnReasonCode = code;
      item.buyerComment = text;
      item.buyer = pick(BUYERS);
      item.pageUrl = `https://${host}/gp/returns/list/v2?searchBy=ORDER_ID&orderBy=CreatedDateDesc`;
      key = `return:${marketplace}:rma/${item.returnRequestId}`;
    } else if (source === 'feedback') {
      item.orderId = orderId;
      item.rating = weighted([
        [1, 60],
        [2, 30],
        [3, 10],
      ]);
      item.text = text;
      item.pageUrl = `https://${host}/feedback-manager/index.html#/`;
      key = `feedback:${marketplace}:order/${orderId}`;
    } else if (source === 'message') {
      item.orderId = orderId;
      item.caseId = crypto.randomUUID();
      item.text = text;
      item.buyer = pick(BUYERS);
      item.pageUrl = `https://${host}/messaging/inbox-v3?fi=responseNeeded&cc=${item.caseId}`;
      key = `message:${marketplace}:case/${item.caseId}`;
    } else if (source === 'voc') {
      item.sku = `${sku}-${i}`;
      item.title = `Product ${a}`;
      item.returnReason = pick(REASONS)[0];
      item.pageUrl = `https://${host}/voice-of-the-customer/details?asin=${asin}&sku=${item.sku}`;
      key = `voc:${marketplace}:asin/${asin}/${item.sku}`;
    } else {
      item.text = text;
      item.pageUrl = `https://${host}/home`;
      key = `other:${marketplace}:h${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}`;
    }
    item.key = key;
    items.push(item);
  }

  // Leaves and groups are what operators pick; roots rarely.
  const tagIds = tags.map((tag) => tag.id);
  const taggings = [];
  const used = new Set();
  for (let n = 0; taggings.length < taggingCount && n < taggingCount * 3; n++) {
    const item = items[taggings.length < itemCount ? taggings.length : skewed(itemCount, 1.3)];
    const tagId = tagIds[skewed(tagIds.length, 2.6)];
    const snippet = item.text && random() < 0.3 ? item.text.slice(0, 10 + Math.floor(random() * 30)) : '';
    const unique = `${item.key}\u0000${tagId}\u0000${snippet}`;
    if (used.has(unique)) continue;
    used.add(unique);
    // Within three days of the item's first sighting, and never in the future: clamping to "now" (as this did
    // until 2026-11-23) piled thousands of taggings onto one millisecond, which no account has.
    const createdAt = item.firstSeenAt + Math.floor(random() * Math.min(3 * DAY, now - 1000 - item.firstSeenAt));
    taggings.push({
      id: crypto.randomUUID(),
      itemKey: item.key,
      tagId,
      ...(snippet ? { snippet: { exact: snippet, prefix: '', suffix: '' } } : {}),
      snippetText: snippet,
      note: random() < 0.15 ? pick(['复购时再确认', 'Sent to factory QA', '已反馈给采购', 'Check batch 2026-03']) : '',
      pageUrl: item.pageUrl,
      asin: item.asin ?? '',
      source: item.source,
      marketplace: item.marketplace,
      createdAt,
      updatedAt: createdAt,
    });
  }
  return { items, taggings };
}
