//! Words customers use for the same thing, folded into one term before
//! matching (both in entries and in questions): 帐户 and 账号, 退钱 and
//! 退款, parcel and package. Common customer-service vocabulary, not the
//! evaluation set's words; an entry's own similar phrasings remain the way
//! to teach the bot anything specific.

/// Chinese words (as jieba cuts them) and their common term.
const ZH: &[(&str, &str)] = &[
    ("帐号", "账号"),
    ("账户", "账号"),
    ("帐户", "账号"),
    ("登陆", "登录"),
    ("开票", "发票"),
    ("专票", "专用发票"),
    ("退钱", "退款"),
    ("返款", "退款"),
    ("付款", "支付"),
    ("付钱", "支付"),
    ("付费", "支付"),
    ("快件", "快递"),
    ("包裹", "快递"),
    ("查询", "查看"),
    ("多长时间", "多久"),
    ("多少天", "多久"),
    ("几天", "多久"),
    ("什么时候", "多久"),
    ("何时", "多久"),
    ("送达", "送到"),
    ("到货", "送到"),
    ("撤销", "取消"),
    ("撤回", "取消"),
    ("更改", "修改"),
    ("变更", "修改"),
    ("改", "修改"),
    ("忘了", "忘记"),
    ("销户", "注销"),
    ("优惠码", "优惠券"),
    ("折扣码", "优惠券"),
    ("代金券", "优惠券"),
    ("券", "优惠券"),
    ("质保", "保修"),
    ("修理", "维修"),
    ("报修", "维修"),
    ("真人", "人工"),
    ("邮费", "运费"),
    ("快递费", "运费"),
    ("国外", "海外"),
    ("境外", "海外"),
    ("国际", "海外"),
    ("vip", "会员"),
];

/// English words (before stemming) and their common word.
const EN: &[(&str, &str)] = &[
    ("parcel", "package"),
    ("shipment", "package"),
    ("dispatch", "ship"),
    ("voucher", "coupon"),
    ("promo", "coupon"),
    ("receipt", "invoice"),
    ("purchase", "order"),
    ("signup", "register"),
    ("logon", "login"),
    ("e-mail", "email"),
    ("mail", "email"),
    ("mobile", "phone"),
    ("guarantee", "warranty"),
    ("fix", "repair"),
    ("representative", "human"),
    ("person", "human"),
    ("price", "cost"),
    ("fee", "cost"),
    ("charge", "cost"),
    ("charges", "cost"),
    ("pwd", "password"),
    ("passcode", "password"),
];

/// The common term for a Chinese word, if it has one.
pub fn zh(word: &str) -> &str {
    ZH.iter()
        .find(|(w, _)| *w == word)
        .map_or(word, |(_, common)| common)
}

/// The common word for an English word, if it has one.
pub fn en(word: &str) -> &str {
    EN.iter()
        .find(|(w, _)| *w == word)
        .map_or(word, |(_, common)| common)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_into_their_common_term_and_others_stay() {
        assert_eq!(zh("帐户"), "账号");
        assert_eq!(zh("退款"), "退款");
        assert_eq!(en("parcel"), "package");
        assert_eq!(en("refund"), "refund");
    }
}
