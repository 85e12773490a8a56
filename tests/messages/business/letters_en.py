# English business letters (native and non-native writers) and their
# sales-blast versions, read by make.py (L is its letter constructor).

# ---- native writers

L("en_quote", "honest", "outlook",
  "Karen Doyle <karen.doyle@brightfield-supply.example>",
  "Tom Becker <tom.becker@harbourtools.example>",
  "Quote for 2,000 stainless hinges (your RFQ 4471)",
  """
Hi Tom,

Thanks for sending the drawings over on Friday. Please find our quotation
for RFQ 4471 attached as a PDF. In short:

  Item: SS304 butt hinge, 100 x 75 mm, satin finish
  Quantity: 2,000 pcs
  Unit price: USD 3.45, FOB Ningbo
  Lead time: 25 days after the deposit
  Payment: 30% deposit, balance against copy of B/L

The price includes export cartons and pallets. For orders above 5,000 pcs
we can offer a 4% discount. The quote is valid until 31 January.

Let me know if you would like to see a sample before you decide.

Best regards,
Karen Doyle
Sales Manager, Brightfield Supply Ltd.
Tel +44 161 555 0142 | www.brightfield-supply.example
""", pdf="Quotation_RFQ4471_Brightfield.pdf",
  expect=["not MONEY_PHRASES", "not URGENCY_PHRASES", "not PROMO_PHRASES"])

L("en_followup_call", "honest", "gmail",
  "Daniel Price <daniel@northgate-packaging.example>",
  "Maria Lopez <m.lopez@cafeverde.example>",
  "Following up on today's call",
  """
Hi Maria,

Thanks for the call today, it was good to finally put a voice to the name.

As promised, here is a short summary of what we discussed:
- 12 oz double-wall cups, kraft, with your logo in two colours
- first order of 20,000 cups, then monthly call-offs
- delivery to your warehouse in Leeds

I will send the revised price list and the artwork template tomorrow
morning. If anything changes on your side, just call me any time.

Kind regards,
Daniel Price
Northgate Packaging
07700 900461
""", expect=["not URGENCY_PHRASES", "not MONEY_PHRASES"])

L("en_reply_urgent", "honest", "outlook",
  "Karen Doyle <karen.doyle@brightfield-supply.example>",
  "Tom Becker <tom.becker@harbourtools.example>",
  "RE: PO 88213 - urgent delivery",
  """
Hi Tom,

Understood, and thanks for letting us know early. We can do an urgent
delivery of the first 500 hinges by air freight: they would leave on
Thursday and reach you by Tuesday. The extra freight is USD 410, which we
will split with you 50/50 as a goodwill gesture.

The remaining 1,500 pcs stay on the sea shipment as planned.

Please confirm by tomorrow noon so that I can book the flight.

Best regards,
Karen
""", reply=True, expect=["not URGENCY_PHRASES", "not FAKE_REPLY"])

L("en_sample", "honest", "thunderbird",
  "Oliver Grant <oliver.grant@grantceramics.example>",
  "Priya Nair <priya@tableandhome.example>",
  "Samples of the matte glaze mugs",
  """
Dear Priya,

It was a pleasure meeting you at the Ambiente stand last week. As agreed,
I have put together a sample set of the matte glaze mugs in the four
colours you liked (sage, sand, slate and rust).

The samples are free of charge; we only ask you to cover the courier
(about GBP 18 by DPD). If you send me your account number, I will ship
them on Monday.

Kind regards,
Oliver Grant
Grant Ceramics, Stoke-on-Trent
+44 1782 555 019
""", expect=["not MONEY_PHRASES", "not PROMO_PHRASES"])

L("en_order_confirm", "honest", "outlook",
  "Accounts - Brightfield Supply <orders@brightfield-supply.example>",
  "Tom Becker <tom.becker@harbourtools.example>",
  "Order confirmation SO-20931 (your PO 88213)",
  """
Dear Tom,

Thank you for your order. This confirms sales order SO-20931 against your
purchase order 88213:

  2,000 pcs SS304 butt hinge 100 x 75 mm at USD 3.45 = USD 6,900.00
  Incoterm: FOB Ningbo
  Deposit due: USD 2,070.00 (30%)
  Estimated shipping date: 12 January 2027

Our bank details are on the attached pro forma invoice. Please quote
SO-20931 on your transfer.

Kind regards,
Linda Chow
Order Desk, Brightfield Supply Ltd.
""", pdf="ProForma_SO-20931.pdf")

L("en_payment_reminder", "honest", "gmail",
  "Sarah Mills <sarah@millsprint.example>",
  "Accounts Payable <ap@coastalevents.example>",
  "Invoice 2026-114 now 14 days overdue",
  """
Hello,

I hope you are well. Our records show that invoice 2026-114 for GBP
1,240.00 (event banners, delivered 2 November) was due on 23 November and
is still open.

Could you let me know when we can expect the payment, or whether anything
on the invoice needs correcting? I have attached a copy for convenience.

Many thanks,
Sarah Mills
Mills Print & Display
01632 960 118
""", pdf="Invoice_2026-114.pdf", expect=["not URGENCY_PHRASES"])

L("en_tradeshow", "honest", "outlook",
  "Karen Doyle <karen.doyle@brightfield-supply.example>",
  "Tom Becker <tom.becker@harbourtools.example>",
  "Meet us at the Canton Fair, booth 11.2 C27?",
  """
Hi Tom,

We will be at the Canton Fair (phase 1, 15-19 April) in hall 11.2, booth
C27, with the new concealed hinge range you asked about in the autumn.

If you are travelling to Guangzhou, it would be great to meet. Would the
morning of the 16th work for you? I can also arrange a visit to our
factory in Foshan on the 18th.

Best regards,
Karen
""", expect=["not PROMO_PHRASES", "not URGENCY_PHRASES"])

L("en_price_list", "honest", "thunderbird",
  "Oliver Grant <oliver.grant@grantceramics.example>",
  "Priya Nair <priya@tableandhome.example>",
  "2027 price list",
  """
Dear Priya,

As requested, I attach our 2027 price list. Prices for the mugs are
unchanged; the bowls go up by 3% because of the higher clay and energy
costs.

The new prices apply to orders placed from 1 February. Anything you order
before then is still at the 2026 prices.

Kind regards,
Oliver
""", pdf="Grant_Ceramics_Price_List_2027.pdf",
  expect=["not MONEY_PHRASES", "not URGENCY_PHRASES"])

# ---- non-native writers (the English of many exporters)

L("en2_quote_foxmail", "honest", "foxmail",
  "Jenny Zhang <jenny@nbhuaxin-hardware.example>",
  "Mr. Becker <tom.becker@harbourtools.example>",
  "Quotation for stainless hinge",
  """
Dear Mr. Becker,

Glad to receive your inquiry. Please kindly find the quotation as below:

Item: stainless steel hinge SS304, 4 inch
Price: USD 3.20/pc FOB Ningbo
MOQ: 1000pcs
Delivery time: 25-30 days after deposit
Payment term: T/T 30% deposit, 70% before shipment

We can send free sample for your checking, you only pay the express fee.
Any question please feel free to contact me.

Best regards
Jenny Zhang
Ningbo Huaxin Hardware Co., Ltd.
Tel: +86 574 5555 0123  Wechat: jenny_hx
www.nbhuaxin-hardware.example
""", pdf="Huaxin quotation 20261207.pdf",
  expect=["not TEXT_BASE64_ASCII", "not MONEY_PHRASES"])

L("en2_followup_foxmail", "honest", "foxmail",
  "Jenny Zhang <jenny@nbhuaxin-hardware.example>",
  "Mr. Becker <tom.becker@harbourtools.example>",
  "Re: Quotation for stainless hinge",
  """
Dear Mr. Becker,

Good day! How about our quotation sent last week? Do you have any comment
on the price?

If the quantity can increase to 3000pcs, we can give you USD 3.05/pc.
Sample is ready, please tell me your DHL account, we will send out at
once.

Looking forward to your reply.

Best regards
Jenny
""", reply=True, expect=["not TEXT_BASE64_ASCII", "not FAKE_REPLY"])

L("en2_reply_coremail", "honest", "coremail",
  "Li Wei <liwei@szbright-led.example>",
  "Anna Schmidt <a.schmidt@lichtwerk.example>",
  "Re: LED panel order - delivery date",
  """
Dear Anna,

Thanks for your mail. The 600x600 panels are in production now, we will
finish on 18th Dec and the goods can be loaded on 20th Dec.

About your question on the driver: we use Lifud driver, flicker free,
5 years warranty. Test report is attached.

Please check and advise.

Best regards
Li Wei
Shenzhen Bright LED Co., Ltd
Mob/Whatsapp: +86 138 0000 5521
""", reply=True, pdf="Test report LF-600.pdf",
  expect=["not TEXT_BASE64_ASCII", "not FAKE_REPLY"])

L("en2_sample_coremail", "honest", "coremail",
  "Li Wei <liwei@szbright-led.example>",
  "Anna Schmidt <a.schmidt@lichtwerk.example>",
  "Sample of LED panel sent",
  """
Hi Anna,

Nice talking with you yesterday. The 2pcs samples of 600x600 panel
(4000K, 40W) are sent by DHL today, tracking number 1234567890.

Sample is free, and the freight is paid by us this time. When you
receive, please test and give us your feedback.

Best regards
Li Wei
""", expect=["not TEXT_BASE64_ASCII", "not PROMO_PHRASES"])

L("en2_order_confirm_foxmail", "honest", "foxmail",
  "Jenny Zhang <jenny@nbhuaxin-hardware.example>",
  "Mr. Becker <tom.becker@harbourtools.example>",
  "PI for order 88213",
  """
Dear Mr. Becker,

Thanks for your order! Attached is the PI for your confirmation:

SS304 hinge 4 inch, 2000pcs, USD 3.20/pc, total USD 6400
FOB Ningbo, delivery 25 days after deposit.

Please sign and return, and arrange the 30% deposit. Once we receive the
deposit we will start production immediately.

Best regards
Jenny
""", pdf="PI-HX20261207.pdf", expect=["not TEXT_BASE64_ASCII"])

L("en2_payment_coremail", "honest", "coremail",
  "Li Wei <liwei@szbright-led.example>",
  "Anna Schmidt <a.schmidt@lichtwerk.example>",
  "Balance payment for order BL-2611",
  """
Dear Anna,

Hope everything is fine. The goods of order BL-2611 is ready and
inspection was passed yesterday. Could you please arrange the balance
payment USD 8,760? Then we can book the vessel of next week.

Bank information is same as before. Please send us the bank slip after
payment.

Thanks and best regards
Li Wei
""", expect=["not TEXT_BASE64_ASCII", "not URGENCY_PHRASES"])

L("en2_tradeshow_foxmail", "honest", "foxmail",
  "Jenny Zhang <jenny@nbhuaxin-hardware.example>",
  "Mr. Becker <tom.becker@harbourtools.example>",
  "Invitation: Eisenwarenmesse Cologne, Hall 3.2 B041",
  """
Dear Mr. Becker,

We will attend Eisenwarenmesse in Cologne from 3 to 6 March 2027, our
booth is Hall 3.2 B041. We will show new soft-close hinges and the hinge
you ordered last year.

If you have time, welcome to visit our booth. Please tell me which day is
convenient for you, I will arrange my boss to meet you.

Best regards
Jenny
""", expect=["not TEXT_BASE64_ASCII", "not PROMO_PHRASES"])

L("en2_price_list_gmail", "honest", "gmail",
  "Rahul Mehta <rahul@mehtatextiles.example>",
  "Laura Green <laura@greenhome-linen.example>",
  "Price list and catalogue as discussed",
  """
Dear Laura,

Greetings from Mehta Textiles!

As discussed on phone, kindly find attached our catalogue and the price
list for the cotton bed linen. All prices are CIF Felixstowe; the minimum
order is 300 sets per design.

We are a family company since 1987, our factory is in Panipat with 120
looms.
Price list is valid for orders confirmed till 31 March.

Do revert for any clarification.

Warm regards,
Rahul Mehta
Export Manager
""", pdf="Mehta_Textiles_Catalogue_Price_List.pdf",
  expect=["not MONEY_PHRASES", "not PROMO_PHRASES"])

# ---- the same letters as sales blasts

L("en_quote_blast", "blast", "outlook",
  "Brightfield Supply <sales@brightfield-supply.example>",
  "tom.becker@harbourtools.example",
  "BEST PRICE hinges - LIMITED TIME OFFER!!!",
  """
Dear Purchasing Manager,

We are a leading manufacturer of hinges in China with 20 years experience.
Special offer this month only: SS304 hinges at the LOWEST PRICE ever,
factory direct, 100% guaranteed quality!

Order now and get FREE SHIPPING and a free gift. Limited stock, first come
first served. Don't miss this opportunity!

Click here to get your free quote today.

To unsubscribe from our mailing list, reply with remove in the subject.
""", expect=["fires PROMO_PHRASES", "fires URGENCY_PHRASES",
             "fires GENERIC_GREETING"])

L("en_followup_blast", "blast", "gmail",
  "Northgate Packaging <offers@northgate-packaging.example>",
  "m.lopez@cafeverde.example",
  "Re: your coffee cups - FINAL CHANCE to save 50%",
  """
Dear Valued Customer,

This is a final reminder: our huge sale on printed coffee cups ends
tonight! Save up to 50% off retail on all kraft cups, no minimum order.

Act now - prices slashed, limited quantities, while supplies last.
Reply now or call today to lock in the lowest prices of the year.

You are receiving this email because you are subscribed to our offers.
Click here to unsubscribe.
""", expect=["fires URGENCY_PHRASES", "fires MONEY_PHRASES",
             "fires GENERIC_GREETING"])

L("en_reply_urgent_blast", "blast", "outlook",
  "Brightfield Supply <sales@brightfield-supply.example>",
  "tom.becker@harbourtools.example",
  "RE: URGENT: your order is waiting - respond immediately",
  """
Dear Customer,

Urgent attention required! Your special price on hinges expires today.
Respond immediately to claim the discount before it's too late. Only a few
left at this price, act fast!

Call now and our team will take your order.

If you do not wish to receive further emails, click here to unsubscribe.
""", expect=["fires URGENCY_PHRASES", "fires GENERIC_GREETING"])

L("en_sample_blast", "blast", "thunderbird",
  "Grant Ceramics <promo@grantceramics.example>",
  "priya@tableandhome.example",
  "FREE SAMPLES for all buyers - claim yours now!",
  """
Dear Buyer,

Congratulations! You have been selected to receive FREE SAMPLES of our
best selling matte glaze mugs. Absolutely free, no obligation, no credit
card required!

Claim your gift now - this exclusive offer is for a limited time only.
Don't miss out!

To be removed from our list, reply with REMOVE.
""", expect=["fires PROMO_PHRASES", "fires GUARANTEE_PHRASES"])

L("en_order_blast", "blast", "outlook",
  "Brightfield Supply <deals@brightfield-supply.example>",
  "tom.becker@harbourtools.example",
  "Order today and SAVE BIG on hardware!!!",
  """
Dear Sir/Madam,

Order today and save big! Huge savings on every item of our catalogue,
the lowest prices guaranteed. Buy now and get 70% off, plus a free bonus
gift with every order.

Hurry, this deal of the day ends soon!

Click here to order.
""", expect=["fires MONEY_PHRASES", "fires PROMO_PHRASES",
             "fires GENERIC_GREETING"])

L("en_payment_blast", "blast", "gmail",
  "Accounts <billing@millsprint.example>",
  "ap@coastalevents.example",
  "FINAL NOTICE: your account will be suspended",
  """
Dear Customer,

Final notice: your payment has failed and your account will be suspended
within 24 hours. Immediate action required!

Verify your account now and update your payment information to avoid
interruption. Act now, do not delay.
""", expect=["fires URGENCY_PHRASES", "fires GENERIC_GREETING"])

L("en_tradeshow_blast", "blast", "outlook",
  "Brightfield Supply <events@brightfield-supply.example>",
  "tom.becker@harbourtools.example",
  "You are invited! Exclusive VIP access + free gifts",
  """
Dear Friend,

You are invited to our grand opening at the Canton Fair! Exclusive VIP
access, free gifts for every visitor and special discounts only at the
fair.

Limited seats - register now! Don't miss out on the deal of the year.

Click here to sign up free. To unsubscribe click here.
""", expect=["fires PROMO_PHRASES", "fires GENERIC_GREETING"])

L("en_price_list_blast", "blast", "thunderbird",
  "Grant Ceramics <sale@grantceramics.example>",
  "priya@tableandhome.example",
  "Rock bottom prices - clearance sale",
  """
Dear Sir or Madam,

Our clearance sale is on: rock bottom prices, 80% off, prices slashed on
every mug and bowl. Cheapest in the market, unbeatable prices, best deal
guaranteed!

Buy now while stocks last. Hurry, ends tonight!

To stop receiving these emails, unsubscribe here.
""", expect=["fires MONEY_PHRASES", "fires GENERIC_GREETING"])

L("en2_quote_blast_foxmail", "blast", "foxmail",
  "Jenny <sales01@nbhuaxin-hardware.example>",
  "buyer@harbourtools.example",
  "Hot sale hinge factory price!!!",
  """
Dear Purchasing Manager,

Hope this email finds you well. This is Jenny from Ningbo Huaxin, we are a
leading manufacturer of hinges with 20 years experience.

Hot sale! Factory price, best quality, lowest price in China!!! Free
sample, free shipping for new customer!

Limited time offer, please contact me immediately to get the best price.

Best regards
Jenny
""", expect=["fires PROMO_PHRASES", "fires GENERIC_GREETING",
             "fires SELF_INTRO"])

L("en2_followup_blast_foxmail", "blast", "foxmail",
  "Jenny <sales01@nbhuaxin-hardware.example>",
  "buyer@harbourtools.example",
  "Re: Re: hinge best price",
  """
Dear Friend,

Good day! Did you receive my last email? Our special offer of hinges is
still valid but only few days left!!! Big discount for you, lowest price
ever.

Don't miss this opportunity, order now! Reply immediately.

Best regards
Jenny
""", expect=["fires GENERIC_GREETING", "fires URGENCY_PHRASES"])

L("en2_reply_blast_coremail", "blast", "coremail",
  "Sales <sales@szbright-led.example>",
  "info@lichtwerk.example",
  "Re: LED panel SUPER PROMOTION",
  """
Dear Sir/Madam,

Greetings of the day! We are a professional manufacturer of LED panels.
Super promotion this month: 40W panel only USD 3.99, huge savings, free
shipping, 100% satisfaction guaranteed!!!

Act now, limited quantity. Please reply immediately to get the price list.
""", expect=["fires GENERIC_GREETING", "fires PROMO_PHRASES"])

L("en2_sample_blast_coremail", "blast", "coremail",
  "Sales <sales@szbright-led.example>",
  "info@lichtwerk.example",
  "FREE SAMPLE LED panel - claim now",
  """
Dear Friend,

Free sample! Free gift! Get it free today: LED panel samples absolutely
free for every new customer, no obligation, risk free.

Claim now, while supplies last!!!

If you don't want to receive our emails, reply remove.
""", expect=["fires PROMO_PHRASES", "fires GENERIC_GREETING"])

L("en2_order_blast_foxmail", "blast", "foxmail",
  "Jenny <sales01@nbhuaxin-hardware.example>",
  "buyer@harbourtools.example",
  "Order now and get 50% OFF!!!",
  """
Dear Customer,

Big sale! Order now and get 50% off on all hinges, buy one get one free.
Factory direct, wholesale price, cheapest in the market!!!

Offer expires soon, act now!
""", expect=["fires PROMO_PHRASES", "fires MONEY_PHRASES",
             "fires GENERIC_GREETING"])

L("en2_payment_blast_coremail", "blast", "coremail",
  "Finance <finance@szbright-led.example>",
  "info@lichtwerk.example",
  "URGENT: payment failed - verify your account",
  """
Dear Customer,

Your payment has failed. Please verify your account and update your
payment information within 24 hours, or your account will be closed.

Urgent action required. Respond immediately.
""", expect=["fires URGENCY_PHRASES", "fires GENERIC_GREETING"])

L("en2_tradeshow_blast_foxmail", "blast", "foxmail",
  "Jenny <sales01@nbhuaxin-hardware.example>",
  "buyer@harbourtools.example",
  "Welcome to our booth!!! Free gift for every visitor",
  """
Dear Sir or Madam,

Welcome to visit our booth at the fair! Free gift for every visitor,
special discount only at the fair, exclusive deal for VIP buyers!!!

Limited seats, register now. Don't miss it!
""", expect=["fires PROMO_PHRASES", "fires GENERIC_GREETING"])

L("en2_price_list_blast_gmail", "blast", "gmail",
  "Mehta Textiles <export@mehtatextiles.example>",
  "info@greenhome-linen.example",
  "Cheapest bed linen - factory price list",
  """
Dear Sir/Madam,

Greetings of the day! We are a leading manufacturer of bed linen in India.
Factory price, cheapest price, best quality, lowest price guarantee!

Huge savings for bulk buyers. Hurry, limited stock!

To unsubscribe from this list, click here.
""", expect=["fires GENERIC_GREETING", "fires MONEY_PHRASES"])
