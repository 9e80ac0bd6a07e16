/**
 * Manage Returns shows the buyer's return reason as display text ("Defective", "Item damaged", …), not the code
 * Amazon's returns reports use (notes/amazon-domain.md, "Return reason codes"). This maps the display texts we
 * know — English, Simplified Chinese, Japanese, German, French, Spanish, Italian — to those codes.
 *
 * Display texts are Amazon's customer-facing return reasons (as printed in returns reports' descriptions and the
 * returns UI). Translations are best-effort [guess]: unknown text yields undefined, never a wrong guess on purpose.
 * Order matters: more specific phrases come first ("both damaged" before "damaged").
 */

/** [code, patterns over the normalised text] — the first matching entry wins. */
const REASONS: ReadonlyArray<readonly [string, RegExp]> = [
  // Carrier damage: product AND shipping box damaged.
  [
    'DAMAGED_BY_CARRIER',
    /(?:product|item) and (?:shipping )?box both damaged|both .*damaged|damaged by carrier|商品和(?:包装|外)?(?:箱|盒)(?:均|都)(?:已)?(?:损坏|破损)|商品と(?:配送)?(?:箱|外箱)の両方が(?:破損|損傷)|artikel und versand(?:karton|verpackung) beschädigt|produit et (?:le )?carton .*endommagés/,
  ],
  // Damaged in the fulfilment centre: product damaged, box fine; also the short "Item damaged".
  [
    'DAMAGED_BY_FC',
    /(?:product|item) damaged,? but (?:shipping )?box ok|damaged by fc|^(?:item |product )?(?:arrived )?damaged$|^item damaged|商品(?:已)?(?:损坏|破损)|商品が(?:破損|損傷)|破損していた|^artikel beschädigt|^(?:article|produit) endommagé|^producto dañado|^articolo danneggiato/,
  ],
  [
    'DEFECTIVE',
    /defective|doesn'?t work|does not work|not working|有缺陷|无法(?:使用|正常工作)|不能使用|残次|故障|不良品|欠陥|不具合|動作しない|defekt|funktioniert nicht|défectueux|ne fonctionne pas|defectuoso|no funciona|difettoso|non funziona/,
  ],
  [
    'QUALITY_UNACCEPTABLE',
    /performance or quality|quality (?:not adequate|unacceptable)|poor quality|性能或质量|质量(?:不佳|不好|差|问题)|品質|性能.*(?:不十分|満足)|leistung oder qualität|qualität (?:ungenügend|mangelhaft)|performances? ou qualité|calidad|qualità/,
  ],
  [
    'MISSING_PARTS',
    /missing (?:parts|accessor)|parts (?:or accessories )?missing|缺(?:少|失)(?:配件|部件|零件)|配件缺失|部品(?:や付属品)?が(?:不足|欠品|足りない)|付属品が(?:不足|ない)|teile fehlen|fehlende teile|zubehör fehlt|pièces manquantes|faltan piezas|parti mancanti/,
  ],
  [
    'SWITCHEROO',
    /wrong item (?:was )?sent|received (?:the )?wrong item|incorrect item|switcheroo|发错(?:了)?(?:商品|货)|收到(?:了)?错误的商品|商品不符|違う商品が(?:届いた|送られてきた)|間違った商品が(?:届いた|送られてきた)|falscher artikel|mauvais article|artículo incorrecto|articolo sbagliato/,
  ],
  [
    'NOT_AS_DESCRIBED',
    /inaccurate website description|not as described|description (?:was )?inaccurate|网站(?:上的)?描述不准确|与描述不符|描述不符|(?:ウェブ)?サイトの(?:説明|記載)と(?:異なる|違う)|説明と(?:異なる|違う)|ungenaue beschreibung|entspricht nicht der beschreibung|description (?:du site )?(?:inexacte|incorrecte)|descripción (?:del sitio )?(?:incorrecta|inexacta)|descrizione (?:del sito )?(?:errata|inesatta)/,
  ],
  ['APPAREL_TOO_SMALL', /too small|太小|偏小|小さ(?:すぎ|過ぎ)|zu klein|trop petit|demasiado pequeño|troppo piccolo/],
  [
    'APPAREL_TOO_LARGE',
    /too (?:large|big)|太大|偏大|大き(?:すぎ|過ぎ)|zu groß|zu gross|trop grand|demasiado grande|troppo grande/,
  ],
  [
    'APPAREL_STYLE',
    /style not as expected|style|款式|风格|スタイル|イメージと(?:違|異な)|stil entspricht nicht|stil|ne correspond pas au style|estilo|stile/,
  ],
  [
    'ORDERED_WRONG_ITEM',
    /bought by mistake|ordered (?:the )?wrong item|accidental(?:ly)? order|误购|买错|下错单|誤って(?:注文|購入)|間違えて(?:注文|購入)|versehentlich bestellt|aus versehen gekauft|commandé par erreur|acheté par erreur|comprado por error|acquistato per errore/,
  ],
  [
    'FOUND_BETTER_PRICE',
    /better price|found (?:a )?(?:lower|better) price|lower price|更(?:低|优惠)的?价格|价格更(?:低|便宜)|より安い|besserer preis|günstigerer preis|meilleur prix|mejor precio|prezzo migliore/,
  ],
  [
    'MISSED_ESTIMATED_DELIVERY',
    /arrived too late|late delivery|missed (?:estimated )?delivery|送达(?:太|过)晚|到货(?:太|过)晚|配送が遅|届くのが遅|zu spät|trop tard|demasiado tarde|troppo tardi/,
  ],
  [
    'NEVER_ARRIVED',
    /never arrived|not received|did not arrive|未收到|没有收到|届かない|届いていない|nie angekommen|jamais arrivé|nunca llegó|mai arrivato/,
  ],
  ['PART_NOT_COMPATIBLE', /part not compatible|部件不兼容|部品.*互換性/],
  [
    'NOT_COMPATIBLE',
    /not compatible|incompatible|不兼容|互換性が(?:ない|ありません)|inkompatibel|nicht kompatibel|non compatible|no compatible|non compatibile/,
  ],
  ['EXTRA_ITEM', /extra item|received extra|收到(?:了)?多余|余分な商品|zusätzlichen artikel|article supplémentaire/],
  [
    'UNAUTHORIZED_PURCHASE',
    /unauthori[sz]ed purchase|didn'?t approve purchase|did not approve|未经(?:授权|批准)的?购买|承認していない購入|nicht autorisierter kauf|achat non autorisé/,
  ],
  [
    'UNWANTED_ITEM',
    /no longer needed|no longer wanted|unwanted|不再需要|不想要|不需要了|不要になった|不要になりました|nicht mehr benötigt|nicht mehr gewünscht|plus nécessaire|plus besoin|ya no (?:lo )?necesito|non più necessario/,
  ],
  ['WARRANTY', /warranty|保修|保証|garantie|garantía|garanzia/],
  ['NO_REASON_GIVEN', /no reason (?:given|provided)|未提供原因|理由なし|kein grund angegeben|aucune raison/],
  ['OTHER', /^other$|^其他$|^その他$|^sonstiges$|^autre$|^otro$|^altro$/],
];

const KNOWN_CODES = new Set([
  ...REASONS.map(([code]) => code),
  'MISORDERED',
  'JEWELRY_TOO_SMALL',
  'JEWELRY_TOO_LARGE',
  'JEWELRY_BATTERY',
  'JEWELRY_NO_DOCS',
  'JEWELRY_BAD_CLASP',
  'JEWELRY_LOOSE_STONE',
  'JEWELRY_NO_CERT',
  'EXCESSIVE_INSTALLATION',
  'UNDELIVERABLE_INSUFFICIENT_ADDRESS',
  'UNDELIVERABLE_FAILED_DELIVERY_ATTEMPTS',
  'UNDELIVERABLE_REFUSED',
  'UNDELIVERABLE_UNKNOWN',
  'UNDELIVERABLE_UNCLAIMED',
  'UNDELIVERABLE_CARRIER_MISS_SORTED',
  'UNDELIVERABLE_MISSING_LABEL',
  'UNKNOWN_OTHER_REASON',
]);

/** Amazon's return reason code for a reason as displayed (or the code itself), or undefined when unknown. */
export function returnReasonCodeOf(display: string | undefined): string | undefined {
  if (!display) return undefined;
  const raw = display.normalize('NFKC').trim();
  const asCode = raw.toUpperCase().replace(/[\s-]+/g, '_');
  if (KNOWN_CODES.has(asCode)) return asCode;
  const text = raw
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/[.。]+$/, '');
  for (const [code, pattern] of REASONS) {
    if (pattern.test(text)) return code;
  }
  return undefined;
}
