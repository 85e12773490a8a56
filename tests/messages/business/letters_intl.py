# Chinese, German, Spanish, Russian, Japanese (and two blast-only French and
# Turkish) business letters and their sales-blast versions, read by make.py.

# ---- Chinese

L("zh_quote_foxmail", "honest", "foxmail",
  "张静 <jenny@nbhuaxin-hardware.example>",
  "王经理 <wang@jiancai-trade.example>",
  "合页报价单",
  """
王经理您好：

感谢您昨天的询价。附件是304不锈钢合页的报价单，主要条款如下：

品名：304不锈钢合页 4寸
单价：人民币 18.50 元/只（含税，含运费到上海）
起订量：1000只
交期：收到定金后25天
付款方式：30%定金，70%发货前付清

如订量达到5000只，可以再优惠3%。报价有效期至1月31日。
如需样品，我们可以免费寄送，运费到付。

祝好！
张静
宁波华鑫五金有限公司
电话：0574-5555 0123
""", charset="GB18030", pdf="华鑫报价单20261207.pdf",
  expect=["not GENERIC_GREETING", "not TEXT_BASE64_ASCII",
          "not MONEY_PHRASES"])

L("zh_followup_coremail", "honest", "coremail",
  "李伟 <liwei@szbright-led.example>",
  "陈经理 <chen@guangming-lighting.example>",
  "关于上周的面板灯报价",
  """
陈经理您好！

上周给您发的600x600面板灯报价，不知道您看了没有？价格方面如果有什么
意见，欢迎随时跟我说。

另外，样品已经准备好了，您方便的时候告诉我收件地址，我安排顺丰寄过去。

谢谢！
李伟
深圳市明亮照明有限公司
手机：138 0000 5521
""", charset="GBK", expect=["not GENERIC_GREETING", "not URGENCY_PHRASES"])

L("zh_reply_hant", "honest", "foxmail",
  "林志明 <zm.lin@twprecision.example>",
  "吳經理 <wu@hengfa-machinery.example>",
  "回覆：訂單交期",
  """
吳經理您好：

收到您的來信，謝謝。貴司訂單 PO-3317 的零件已經在加工中，預計12月18日
完工，20日可以出貨。

如果需要提前交貨，我們可以安排部分先走空運，運費另計，請您告知。

敬祝 商祺
林志明
台灣精密工業股份有限公司
電話：(04) 2555-0101
""", charset="UTF-8", reply=True,
  expect=["not GENERIC_GREETING", "not URGENCY_PHRASES", "not FAKE_REPLY"])

L("zh_sample_coremail", "honest", "coremail",
  "李伟 <liwei@szbright-led.example>",
  "陈经理 <chen@guangming-lighting.example>",
  "样品已寄出",
  """
陈经理您好：

昨天电话里说的两个样品（600x600面板灯，4000K，40W）今天已经用顺丰寄出，
单号 SF1234567890，预计明天下午到。

样品免费，运费我们这边付。收到后麻烦测试一下，有问题随时联系我。

李伟
""", charset="UTF-8", expect=["not GENERIC_GREETING", "not PROMO_PHRASES"])

L("zh_order_confirm_foxmail", "honest", "foxmail",
  "张静 <jenny@nbhuaxin-hardware.example>",
  "王经理 <wang@jiancai-trade.example>",
  "订单确认 HX-20261207",
  """
王经理：

您好！感谢您的订单，现确认如下：

304不锈钢合页 4寸，2000只，单价18.50元，合计37000元（含税）
交货期：收到定金后25天
交货地点：上海仓库

附件是合同，请您盖章后回传，并安排30%定金。我们收到定金后马上安排生产。

祝好！
张静
""", charset="GB18030", pdf="合同HX-20261207.pdf",
  expect=["not GENERIC_GREETING", "not MONEY_PHRASES"])

L("zh_payment_coremail", "honest", "coremail",
  "李伟 <liwei@szbright-led.example>",
  "陈经理 <chen@guangming-lighting.example>",
  "BL-2611 订单尾款",
  """
陈经理您好：

BL-2611 订单的货已经全部生产完成，昨天也通过了验货。麻烦您安排一下尾款
87,600元，我们收到后就安排发货。

银行账户信息和上次一样。付款后请把水单发给我，谢谢！

李伟
""", charset="GBK", expect=["not GENERIC_GREETING", "not URGENCY_PHRASES"])

L("zh_tradeshow_foxmail", "honest", "foxmail",
  "张静 <jenny@nbhuaxin-hardware.example>",
  "王经理 <wang@jiancai-trade.example>",
  "广交会邀请：11.2馆 C27",
  """
王经理您好：

明年春季广交会（4月15日至19日）我们在11.2馆C27展位，会展出新的缓冲合页
和您去年订过的那款。

如果您那几天在广州，欢迎来展位坐坐。请告诉我哪天方便，我让我们老板也过来
跟您见个面。

张静
""", charset="GB18030", expect=["not GENERIC_GREETING", "not PROMO_PHRASES"])

L("zh_quote_blast", "blast", "foxmail",
  "华鑫五金 <sales01@nbhuaxin-hardware.example>",
  "buyer@jiancai-trade.example",
  "【特价】合页厂家直销，全网最低价！！！",
  """
尊敬的客户您好：

我司是专业生产合页的厂家，厂家直销，全网最低价！限时特价，买一送一，
免费送样，包邮！

数量有限，先到先得，欲购从速！！！

如不想再收到此类邮件，请回复退订。
""", charset="GB18030",
  expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("zh_followup_blast", "blast", "coremail",
  "明亮照明 <sales@szbright-led.example>",
  "info@guangming-lighting.example",
  "最后机会！面板灯大促销",
  """
亲爱的客户：

面板灯年终大促销，全场五折，最后一天！机不可失，时不再来，赶快行动！

立即订购，还有精美礼品赠送！

退订请回复TD。
""", charset="GBK",
  expect=["fires GENERIC_GREETING", "fires URGENCY_PHRASES"])

L("zh_reply_hant_blast", "blast", "foxmail",
  "台灣精密 <promo@twprecision.example>",
  "buyer@hengfa-machinery.example",
  "回覆：限時優惠！零件全面特價",
  """
親愛的客戶您好：

限時優惠！全館零件特價，買一送一，免費贈品，數量有限，欲購從速！

立即訂購，機會難得，錯過不再！
""", charset="UTF-8",
  expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("zh_sample_blast", "blast", "coremail",
  "明亮照明 <sales@szbright-led.example>",
  "info@guangming-lighting.example",
  "免费领取样品！",
  """
尊敬的客户：

免费领取！新客户免费送样，免费赠送礼品，包邮！限时抢购，先到先得！

点击这里立即领取。
""", charset="UTF-8",
  expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("zh_order_blast", "blast", "foxmail",
  "华鑫五金 <sales01@nbhuaxin-hardware.example>",
  "buyer@jiancai-trade.example",
  "全场五折，立即下单！",
  """
尊敬的客户您好：

全场五折，厂家直销，特价促销，最低价！立即下单，送精美礼品！

优惠即将结束，赶快行动！
""", charset="GB18030",
  expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("zh_payment_blast", "blast", "coremail",
  "财务部 <finance@szbright-led.example>",
  "info@guangming-lighting.example",
  "紧急通知：您的账户将被冻结",
  """
尊敬的用户：

您的账户存在异常，将于24小时内被冻结。请立即点击链接验证您的账户，
逾期将无法恢复。

紧急通知，请立即处理！
""", charset="GBK",
  expect=["fires GENERIC_GREETING", "fires URGENCY_PHRASES"])

L("zh_tradeshow_blast", "blast", "foxmail",
  "华鑫五金 <sales01@nbhuaxin-hardware.example>",
  "buyer@jiancai-trade.example",
  "广交会特惠！到展位即送礼品",
  """
尊敬的客户：

广交会期间到展位即送精美礼品，现场特价，限时优惠，买一送一！

名额有限，先到先得，欢迎光临！
""", charset="GB18030",
  expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

# ---- German

L("de_quote", "honest", "outlook",
  "Markus Weber <m.weber@weber-metallbau.example>",
  "Julia Hoffmann <j.hoffmann@bau-hoffmann.example>",
  "Angebot Nr. 2026-418 Geländer Treppenhaus",
  """
Sehr geehrte Frau Hoffmann,

vielen Dank für Ihre Anfrage vom 2. Dezember. Anbei erhalten Sie unser
Angebot Nr. 2026-418 für das Edelstahlgeländer im Treppenhaus:

  Geländer V2A, 14 lfm, inkl. Montage: 6.860,00 EUR netto
  Lieferzeit: ca. 4 Wochen nach Auftragserteilung

Das Angebot ist bis zum 31. Januar gültig. Bei Fragen rufen Sie mich
gerne an.

Mit freundlichen Grüßen
Markus Weber
Weber Metallbau GmbH
Tel. 0711 555 4120
""", pdf="Angebot_2026-418.pdf",
  expect=["not PROMO_PHRASES", "not MONEY_PHRASES", "not URGENCY_PHRASES"])

L("de_followup", "honest", "thunderbird",
  "Markus Weber <m.weber@weber-metallbau.example>",
  "Julia Hoffmann <j.hoffmann@bau-hoffmann.example>",
  "Nachfrage zu unserem Angebot 2026-418",
  """
Guten Tag Frau Hoffmann,

danke für das Telefonat heute. Wie besprochen schicke ich Ihnen die
geänderte Ausführung mit Glasfüllung bis Ende der Woche.

Falls Sie vorher noch Fragen haben, erreichen Sie mich jederzeit unter
0711 555 4120.

Viele Grüße
Markus Weber
""", expect=["not URGENCY_PHRASES", "not PROMO_PHRASES"])

L("de_order_confirm", "honest", "outlook",
  "Auftragsbearbeitung <auftrag@weber-metallbau.example>",
  "Julia Hoffmann <j.hoffmann@bau-hoffmann.example>",
  "Auftragsbestätigung 2026-0931",
  """
Sehr geehrte Frau Hoffmann,

vielen Dank für Ihren Auftrag. Hiermit bestätigen wir:

  Edelstahlgeländer V2A mit Glasfüllung, 14 lfm, inkl. Montage
  Preis: 7.420,00 EUR netto
  Montagetermin: KW 4/2027

Die Auftragsbestätigung finden Sie als PDF im Anhang.

Mit freundlichen Grüßen
Sabine Keller
Weber Metallbau GmbH
""", pdf="AB_2026-0931.pdf", expect=["not MONEY_PHRASES"])

L("de_payment", "honest", "outlook",
  "Buchhaltung Weber <buchhaltung@weber-metallbau.example>",
  "Julia Hoffmann <j.hoffmann@bau-hoffmann.example>",
  "Zahlungserinnerung Rechnung 2026-1187",
  """
Sehr geehrte Frau Hoffmann,

sicher ist es Ihrer Aufmerksamkeit entgangen: Die Rechnung 2026-1187 vom
3. November über 2.140,00 EUR ist seit dem 17. November fällig.

Wir bitten Sie, den Betrag in den nächsten Tagen zu überweisen. Sollte
sich Ihre Zahlung mit diesem Schreiben überschnitten haben, betrachten Sie
diese Erinnerung bitte als gegenstandslos.

Mit freundlichen Grüßen
Sabine Keller
""", pdf="Rechnung_2026-1187.pdf", expect=["not URGENCY_PHRASES"])

L("de_tradeshow", "honest", "thunderbird",
  "Markus Weber <m.weber@weber-metallbau.example>",
  "Julia Hoffmann <j.hoffmann@bau-hoffmann.example>",
  "Einladung zur BAU 2027 in München",
  """
Liebe Frau Hoffmann,

wir stellen auf der BAU 2027 in München aus (Halle B2, Stand 310) und
zeigen dort unsere neuen Geländersysteme.

Ich würde mich freuen, Sie am Stand begrüßen zu dürfen. Gern schicke ich
Ihnen einen Gutschein für eine Eintrittskarte; sagen Sie mir einfach
Bescheid.

Herzliche Grüße
Markus Weber
""", expect=["not PROMO_PHRASES"])

L("de_quote_blast", "blast", "outlook",
  "Weber Metallbau <angebote@weber-metallbau.example>",
  "info@bau-hoffmann.example",
  "NUR HEUTE: Sonderangebot Geländer - 50% Rabatt!!!",
  """
Sehr geehrte Damen und Herren,

nur heute: unser Sonderangebot! Edelstahlgeländer zum Tiefstpreis, 50%
Rabatt, gratis Lieferung und ein kostenloses Geschenk für jeden Auftrag!

Jetzt bestellen, solange der Vorrat reicht! Nicht verpassen!

Wenn Sie keine weiteren E-Mails erhalten möchten, klicken Sie hier zum
Abmelden.
""", expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("de_followup_blast", "blast", "thunderbird",
  "Weber Metallbau <angebote@weber-metallbau.example>",
  "info@bau-hoffmann.example",
  "Letzte Chance: Angebot endet heute",
  """
Sehr geehrte Damen und Herren,

letzte Chance! Unser Sonderangebot endet heute. Jetzt zugreifen, nur
solange der Vorrat reicht, nicht verpassen!

Sofort bestellen und sparen!
""", expect=["fires GENERIC_GREETING", "fires URGENCY_PHRASES"])

L("de_order_blast", "blast", "outlook",
  "Weber Metallbau <angebote@weber-metallbau.example>",
  "info@bau-hoffmann.example",
  "Gratis Geschenk zu jeder Bestellung!!!",
  """
Sehr geehrter Kunde,

jetzt bestellen und ein gratis Geschenk sichern! Alles zum Schnäppchenpreis,
Rabatt auf alles, nur für kurze Zeit!

Klicken Sie hier und bestellen Sie sofort.
""", expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("de_payment_blast", "blast", "outlook",
  "Kundenservice <service@weber-metallbau.example>",
  "info@bau-hoffmann.example",
  "Letzte Mahnung: Ihr Konto wird gesperrt",
  """
Sehr geehrter Kunde,

Ihr Konto wird innerhalb von 24 Stunden gesperrt. Bestätigen Sie sofort
Ihre Daten, um die Sperrung zu vermeiden. Dringend handeln!

Letzte Warnung.
""", expect=["fires GENERIC_GREETING", "fires URGENCY_PHRASES"])

L("de_tradeshow_blast", "blast", "thunderbird",
  "Weber Metallbau <events@weber-metallbau.example>",
  "info@bau-hoffmann.example",
  "Exklusiv: Gratis Eintritt + Geschenk auf der BAU!",
  """
Sehr geehrte Damen und Herren,

exklusiv für Sie: gratis Eintritt, ein kostenloses Geschenk und
Messerabatt von 30% auf alles! Nur für kurze Zeit, begrenzte Plätze!

Jetzt anmelden und nicht verpassen!
""", expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

# ---- Spanish

L("es_quote", "honest", "gmail",
  "Lucía Martín <lucia@ceramicas-martin.example>",
  "Pablo Ruiz <pablo.ruiz@interiores-ruiz.example>",
  "Presupuesto azulejos hidráulicos",
  """
Hola Pablo:

Gracias por tu consulta. Te adjunto el presupuesto de los azulejos
hidráulicos modelo Sevilla, 20 x 20 cm:

  120 m2 a 38,50 EUR/m2 (IVA no incluido)
  Plazo de entrega: 3 semanas
  Portes incluidos a Valencia

Si el pedido supera los 200 m2 podemos aplicar un descuento del 5 %.
La oferta es válida hasta el 31 de enero.

Un saludo,
Lucía Martín
Cerámicas Martín S.L.
Tel. 964 555 210
""", pdf="Presupuesto_CM-2026-77.pdf",
  expect=["not PROMO_PHRASES", "not MONEY_PHRASES"])

L("es_followup", "honest", "gmail",
  "Lucía Martín <lucia@ceramicas-martin.example>",
  "Pablo Ruiz <pablo.ruiz@interiores-ruiz.example>",
  "Re: Presupuesto azulejos hidráulicos",
  """
Hola Pablo:

Gracias por la llamada de hoy. Como hablamos, te envío mañana las
muestras del modelo Sevilla en los colores gris y terracota, sin coste.

Cualquier duda, me llamas.

Un saludo,
Lucía
""", reply=True, expect=["not URGENCY_PHRASES", "not PROMO_PHRASES"])

L("es_payment", "honest", "outlook",
  "Administración Cerámicas Martín <admin@ceramicas-martin.example>",
  "Pablo Ruiz <pablo.ruiz@interiores-ruiz.example>",
  "Recordatorio factura 2026/311",
  """
Estimado Pablo:

Le recordamos que la factura 2026/311, de 4.620,00 EUR, venció el pasado
30 de noviembre y todavía figura como pendiente.

Le agradeceríamos que nos indicara la fecha prevista de pago. Si ya lo ha
realizado, por favor ignore este mensaje.

Atentamente,
Carmen Gil
Administración
""", expect=["not URGENCY_PHRASES"])

L("es_tradeshow", "honest", "gmail",
  "Lucía Martín <lucia@ceramicas-martin.example>",
  "Pablo Ruiz <pablo.ruiz@interiores-ruiz.example>",
  "Nos vemos en Cevisama?",
  """
Hola Pablo:

Estaremos en Cevisama (Valencia, del 23 al 27 de febrero) en el pabellón
4, stand C12, con la nueva colección de azulejos hidráulicos.

Si vienes, me encantaría enseñártela. ¿Qué día te vendría bien?

Un saludo,
Lucía
""", expect=["not PROMO_PHRASES"])

L("es_quote_blast", "blast", "gmail",
  "Cerámicas Martín <ofertas@ceramicas-martin.example>",
  "info@interiores-ruiz.example",
  "¡OFERTA ESPECIAL! Azulejos al mejor precio",
  """
Estimado cliente:

¡Oferta especial por tiempo limitado! Azulejos al mejor precio, descuento
del 50 %, envío gratis y regalo gratis con cada pedido.

¡Compre ahora! Unidades limitadas, no se lo pierda.

Para darse de baja, haga clic aquí.
""", expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("es_followup_blast", "blast", "gmail",
  "Cerámicas Martín <ofertas@ceramicas-martin.example>",
  "info@interiores-ruiz.example",
  "Última oportunidad: la oferta termina hoy",
  """
Estimado cliente:

¡Última oportunidad! La oferta termina hoy. Actúe ahora, solo por hoy,
hasta agotar existencias. ¡No se lo pierda!
""", expect=["fires GENERIC_GREETING", "fires URGENCY_PHRASES"])

L("es_payment_blast", "blast", "outlook",
  "Servicio al cliente <servicio@ceramicas-martin.example>",
  "info@interiores-ruiz.example",
  "Aviso final: su cuenta será suspendida",
  """
Estimado usuario:

Su cuenta será suspendida en 24 horas. Verifique su cuenta
inmediatamente para evitar el bloqueo. ¡Acción urgente requerida!
""", expect=["fires GENERIC_GREETING", "fires URGENCY_PHRASES"])

L("es_tradeshow_blast", "blast", "gmail",
  "Cerámicas Martín <eventos@ceramicas-martin.example>",
  "info@interiores-ruiz.example",
  "¡Regalo gratis en nuestro stand!",
  """
Estimado cliente:

¡Visite nuestro stand y llévese un regalo gratis! Descuento exclusivo,
oferta especial solo en la feria, plazas limitadas.

¡Regístrese ahora, no se lo pierda!
""", expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

# ---- Russian

L("ru_quote", "honest", "thunderbird",
  "Ирина Соколова <i.sokolova@uralprom.example>",
  "Алексей Петров <a.petrov@stroymarket.example>",
  "Коммерческое предложение на арматуру",
  """
Добрый день, Алексей!

Спасибо за запрос. Направляю коммерческое предложение на арматуру А500С:

  диаметр 12 мм, 40 т, цена 61 500 руб./т с НДС
  срок поставки: 10 рабочих дней
  доставка до вашего склада в Екатеринбурге включена

При заказе от 100 т готовы дать скидку 2 %. Предложение действительно
до 31 января.

С уважением,
Ирина Соколова
ООО «УралПром»
+7 343 555-01-22
""", pdf="КП_УралПром_1207.pdf",
  expect=["not PROMO_PHRASES", "not MONEY_PHRASES"])

L("ru_followup", "honest", "thunderbird",
  "Ирина Соколова <i.sokolova@uralprom.example>",
  "Алексей Петров <a.petrov@stroymarket.example>",
  "По нашему разговору",
  """
Алексей, добрый день!

Спасибо за звонок сегодня. Как договорились, завтра пришлю договор и
счёт на предоплату.

Если будут вопросы, звоните в любое время.

С уважением,
Ирина
""", expect=["not URGENCY_PHRASES"])

L("ru_order_confirm", "honest", "gmail",
  "Ирина Соколова <i.sokolova@uralprom.example>",
  "Алексей Петров <a.petrov@stroymarket.example>",
  "Подтверждение заказа № 1187",
  """
Алексей, добрый день!

Подтверждаем заказ № 1187: арматура А500С, диаметр 12 мм, 40 т, по цене
61 500 руб./т с НДС, итого 2 460 000 руб.

Отгрузка 15 декабря. Счёт во вложении.

С уважением,
Ирина Соколова
""", pdf="Счёт_1187.pdf", expect=["not MONEY_PHRASES"])

L("ru_payment", "honest", "thunderbird",
  "Бухгалтерия УралПром <buh@uralprom.example>",
  "Алексей Петров <a.petrov@stroymarket.example>",
  "Напоминание об оплате счёта № 1187",
  """
Алексей, добрый день!

Напоминаем, что срок оплаты счёта № 1187 истёк 5 декабря. Просим сообщить,
когда планируется оплата. Если оплата уже произведена, пожалуйста,
пришлите платёжное поручение.

С уважением,
Бухгалтерия ООО «УралПром»
""", expect=["not URGENCY_PHRASES"])

L("ru_quote_blast", "blast", "thunderbird",
  "УралПром <sale@uralprom.example>",
  "info@stroymarket.example",
  "СУПЕР АКЦИЯ! Арматура по самой низкой цене",
  """
Уважаемый клиент!

Супер акция! Арматура по самой низкой цене, скидка 50 %, бесплатная
доставка и подарок каждому покупателю!

Только сегодня! Количество ограничено, успейте купить!

Чтобы отписаться от рассылки, нажмите здесь.
""", expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("ru_followup_blast", "blast", "thunderbird",
  "УралПром <sale@uralprom.example>",
  "info@stroymarket.example",
  "Последний шанс: акция заканчивается сегодня",
  """
Уважаемый клиент!

Последний шанс! Акция заканчивается сегодня. Спешите, предложение
ограничено, только сегодня!
""", expect=["fires GENERIC_GREETING", "fires URGENCY_PHRASES"])

L("ru_order_blast", "blast", "gmail",
  "УралПром <sale@uralprom.example>",
  "info@stroymarket.example",
  "Закажите сейчас и получите подарок!",
  """
Уважаемые клиенты!

Закажите сейчас и получите подарок! Скидка на всё, бесплатная доставка,
выгодное предложение только для вас!

Успейте купить по лучшей цене!
""", expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("ru_payment_blast", "blast", "thunderbird",
  "Служба поддержки <support@uralprom.example>",
  "info@stroymarket.example",
  "Ваш аккаунт будет заблокирован",
  """
Уважаемый пользователь!

Ваш аккаунт будет заблокирован в течение 24 часов. Срочно подтвердите
свои данные, чтобы избежать блокировки!
""", expect=["fires GENERIC_GREETING", "fires URGENCY_PHRASES"])

# ---- Japanese

L("ja_quote", "honest", "outlook",
  "佐藤 健 <k.sato@sato-seiko.example>",
  "山田 花子 <h.yamada@yamada-shoji.example>",
  "お見積書送付の件（ステンレス蝶番）",
  """
山田様

いつもお世話になっております。佐藤精工の佐藤です。

先日お問い合わせいただきましたステンレス蝶番のお見積書を添付いたします。

　品名：SUS304 蝶番 100mm
　数量：2,000個
　単価：420円（税別）
　納期：ご注文後3週間

見積有効期限は1月31日までとなっております。
ご不明な点がございましたら、お気軽にお問い合わせください。

よろしくお願いいたします。

佐藤 健
株式会社佐藤精工 営業部
TEL 03-5555-0120
""", charset="UTF-8", pdf="見積書_SS-1207.pdf",
  expect=["not PROMO_PHRASES", "not MONEY_PHRASES"])

L("ja_followup", "honest", "outlook",
  "佐藤 健 <k.sato@sato-seiko.example>",
  "山田 花子 <h.yamada@yamada-shoji.example>",
  "本日のお打ち合わせのお礼",
  """
山田様

本日はお忙しいところ、お電話でのお打ち合わせをありがとうございました。

ご依頼の図面修正版は、明日中にお送りいたします。
引き続きよろしくお願いいたします。

佐藤
""", charset="UTF-8", expect=["not URGENCY_PHRASES"])

L("ja_order_confirm", "honest", "gmail",
  "佐藤 健 <k.sato@sato-seiko.example>",
  "山田 花子 <h.yamada@yamada-shoji.example>",
  "ご注文確認のご連絡（注文番号 PO-5521）",
  """
山田様

いつもお世話になっております。佐藤精工の佐藤です。

このたびはご注文いただき、誠にありがとうございます。
下記のとおりご注文を承りました。

　SUS304 蝶番 100mm　2,000個　単価420円（税別）
　出荷予定日：12月21日

引き続きよろしくお願いいたします。
""", charset="UTF-8", expect=["not MONEY_PHRASES"])

L("ja_tradeshow", "honest", "outlook",
  "佐藤 健 <k.sato@sato-seiko.example>",
  "山田 花子 <h.yamada@yamada-shoji.example>",
  "展示会のご案内（東京ビッグサイト）",
  """
山田様

いつもお世話になっております。

来年2月に東京ビッグサイトで開催される機械要素技術展に出展いたします。
小間番号は東1ホール E12-34 です。

新しいヒンジシリーズを展示いたしますので、お時間がございましたら
ぜひお立ち寄りください。

佐藤
""", charset="UTF-8", expect=["not PROMO_PHRASES"])

L("ja_quote_blast", "blast", "outlook",
  "佐藤精工 <sale@sato-seiko.example>",
  "info@yamada-shoji.example",
  "【期間限定】蝶番が今だけ半額！",
  """
お客様各位

期間限定の特別価格！蝶番が今だけ半額、送料無料、さらに無料プレゼント！

在庫限り、お早めにどうぞ！今すぐご注文ください。

配信停止はこちら。
""", charset="UTF-8", expect=["fires PROMO_PHRASES"])

L("ja_followup_blast", "blast", "gmail",
  "佐藤精工 <sale@sato-seiko.example>",
  "info@yamada-shoji.example",
  "本日限り！最後のチャンス",
  """
お客様各位

本日限り！最後のチャンスです。今すぐお申し込みください。
数量限定、お見逃しなく！
""", charset="UTF-8", expect=["fires URGENCY_PHRASES"])

L("ja_order_blast", "blast", "outlook",
  "佐藤精工 <sale@sato-seiko.example>",
  "info@yamada-shoji.example",
  "今すぐ注文で無料プレゼント！",
  """
お客様各位

今すぐご注文いただくと無料プレゼント！全品割引、送料無料、特別価格！

お見逃しなく！
""", charset="UTF-8", expect=["fires PROMO_PHRASES"])

L("ja_tradeshow_blast", "blast", "gmail",
  "佐藤精工 <event@sato-seiko.example>",
  "info@yamada-shoji.example",
  "【無料招待】展示会で豪華プレゼント！",
  """
お客様各位

展示会にご来場の方全員に豪華プレゼント！無料招待、特別価格、期間限定！

今すぐお申し込みください！
""", charset="UTF-8", expect=["fires PROMO_PHRASES"])

# ---- blast-only: French generic greeting, Turkish upper case with İ

L("fr_madame_monsieur_blast", "blast", "outlook",
  "Offres Céramiques <offres@ceramiques-dupont.example>",
  "contact@maison-leroy.example",
  "Offre spéciale : carreaux à prix cassés",
  """
Madame, Monsieur,

Offre spéciale à durée limitée : tous nos carreaux à prix cassés, jusqu'à
50 % de réduction, livraison gratuite !

Commandez dès maintenant, stock limité. Ne manquez pas cette offre !

Pour vous désabonner, cliquez ici.
""", expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("tr_indirim_blast", "blast", "gmail",
  "Kampanya <kampanya@seramik-yildiz.example>",
  "info@yapi-market.example",
  "BÜYÜK İNDİRİM! KAÇIRMAYIN",
  """
Değerli müşterimiz,

BÜYÜK İNDİRİM! TÜM ÜRÜNLERDE %50 İNDİRİM, ÜCRETSİZ KARGO! SINIRLI SÜRE!

HEMEN SİPARİŞ VERİN, KAÇIRMAYIN!
""", expect=["fires PROMO_PHRASES"])
