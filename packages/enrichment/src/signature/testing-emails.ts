/** Realistic email bodies for signature tests (written for these tests; numbers are from reserved fictional ranges). */

export const plainReplyWithQuote = `Hi Tom,

Thanks for sending the proposal over. We'd like to go ahead with the pilot in March.

Best regards,
Ada Lovelace
Head of Engineering
Acme Robotics Ltd
12 Mill Lane, Manchester M1 2AB
United Kingdom
M: +44 7400 123456 | T: +44 161 496 0000
ada.lovelace@acme-robotics.co.uk | www.acme-robotics.co.uk
https://www.linkedin.com/in/ada-lovelace-acme/

On Tue, 3 Mar 2026 at 10:02, Tom Baker <tom@example.com> wrote:
> Hi Ada,
> Best regards,
> Tom Baker
> CEO, Example Corp
> +1 415 555 0100
`;

export const dashDashSignature = `Quick update: the contract is signed.

--
Jean-Luc Picard | VP Sales, Starfleet Logistics Inc.
Direct: (415) 555-0132 x204
Mobile: 415.555.0199
Fax: 415-555-0111
1 Market Street, Suite 300
San Francisco, CA 94105
jl.picard@starfleet-logistics.com
`;

export const germanOutlook = `Hallo Herr Schmidt,

anbei das Angebot wie besprochen.

Mit freundlichen Grüßen

Dr. Hans Müller
Geschäftsführer
Müller Präzisionstechnik GmbH
Industriestraße 12
70565 Stuttgart
Tel. +49 711 123456-0
Mobil +49 151 23456789
E-Mail: h.mueller@mueller-praezision.de
www.mueller-praezision.de

Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender und vernichten Sie diese Mail.

Von: Peter Schmidt <p.schmidt@example.de>
Gesendet: Montag, 2. März 2026 09:15
An: Hans Müller <h.mueller@mueller-praezision.de>
Betreff: Angebot
`;

export const shortThanks = `Sounds good, see you Thursday.

Thanks,
Priya

Sent from my iPhone`;

export const noSignature = `Can you resend the invoice? The PDF didn't open on my side.`;

export const titleAtCompany = `Hi team — numbers attached.

Cheers,
Sam O'Neil
Senior Account Executive at Brightwave
+61 2 9374 4000
sam.oneil@brightwave.com.au`;

export const htmlSignature = `<html><body><div>Hi Alex,</div><div>Happy to help with the rollout.</div><br>
<div>Kind regards,</div>
<table><tr><td><b>María José García</b><br>Directora de Operaciones<br>Logística Ibérica S.L.<br>
Tel: <a href="tel:+34911234567">+34 911 23 45 67</a><br>
<a href="https://www.linkedin.com/in/mjgarcia">LinkedIn</a> &middot; <a href="https://logistica-iberica.es">logistica-iberica.es</a></td></tr></table>
<blockquote><div>On Monday Alex wrote:</div><div>Can you help?</div></blockquote>
</body></html>`;
