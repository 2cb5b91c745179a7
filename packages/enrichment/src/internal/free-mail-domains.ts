/**
 * Mailbox providers whose addresses say nothing about the sender's employer.
 * Brands with many country domains (yahoo.co.uk, hotmail.fr, gmx.at) match
 * on their registrable label; the rest match exactly, because the same brand
 * label can be a real employer elsewhere (orange.fr is free mail, orange.com
 * is Orange's staff).
 */
export const freeMailBrandLabels = new Set([
  'gmail', 'googlemail', 'yahoo', 'ymail', 'rocketmail', 'hotmail', 'outlook', 'live', 'windowslive', 'msn', 'aol', 'aim',
  'gmx', 'yandex', 'protonmail', 'tutanota', 'tutamail', 'zohomail', 'icloud', 'libero', 'rediffmail', 'seznam', 'naver', 'hanmail',
  'daum', 'rambler', 'bigmir',
]);

/** Exact free-mail domains (including ISP mailboxes) whose label alone would be ambiguous. */
export const freeMailDomains = new Set([
  'me.com', 'mac.com', 'icloud.com', 'proton.me', 'pm.me', 'protonmail.ch', 'protonmail.com', 'hey.com', 'fastmail.com', 'fastmail.fm',
  'fastmail.co.uk', 'zoho.com', 'zohomail.com', 'zohomail.eu', 'zoho.eu', 'zoho.in', 'mail.ru', 'list.ru', 'bk.ru', 'inbox.ru', 'internet.ru',
  'yandex.ru', 'ya.ru', 'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sina.cn', 'sohu.com', 'aliyun.com', '139.com',
  'web.de', 'freenet.de', 'arcor.de', 't-online.de', 'posteo.de', 'posteo.net', 'mailbox.org', 'online.de', 'gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch',
  'orange.fr', 'wanadoo.fr', 'free.fr', 'sfr.fr', 'laposte.net', 'neuf.fr', 'aliceadsl.fr', 'bbox.fr', 'club-internet.fr', 'numericable.fr',
  'virgilio.it', 'tin.it', 'alice.it', 'tiscali.it', 'libero.it', 'email.it', 'fastwebnet.it',
  'btinternet.com', 'btopenworld.com', 'sky.com', 'virginmedia.com', 'ntlworld.com', 'talktalk.net', 'blueyonder.co.uk', 'tiscali.co.uk',
  'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'bellsouth.net', 'cox.net', 'charter.net', 'earthlink.net', 'juno.com',
  'netzero.net', 'optonline.net', 'frontier.com', 'windstream.net', 'roadrunner.com', 'rr.com', 'centurylink.net', 'q.com',
  'shaw.ca', 'rogers.com', 'sympatico.ca', 'telus.net', 'videotron.ca', 'bell.net',
  'bigpond.com', 'bigpond.net.au', 'optusnet.com.au', 'iinet.net.au', 'tpg.com.au', 'xtra.co.nz',
  'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl', 'op.pl', 'tlen.pl', 'poczta.onet.pl', 'gazeta.pl',
  'seznam.cz', 'centrum.cz', 'post.cz', 'azet.sk', 'zoznam.sk', 'freemail.hu', 'citromail.hu', 'abv.bg', 'mail.bg',
  'bluewin.ch', 'hispeed.ch', 'sunrise.ch', 'chello.at', 'aon.at', 'a1.net', 'telenet.be', 'skynet.be', 'ziggo.nl', 'kpnmail.nl',
  'home.nl', 'planet.nl', 'hetnet.nl', 'xs4all.nl', 'telia.com', 'online.no', 'sapo.pt', 'terra.com.br', 'uol.com.br', 'bol.com.br',
  'ig.com.br', 'globo.com', 'prodigy.net.mx', 'rediffmail.com', 'sify.com', 'naver.com', 'hanmail.net', 'daum.net', 'nate.com',
  'yahoo.co.jp', 'docomo.ne.jp', 'ezweb.ne.jp', 'softbank.ne.jp', 'i.softbank.jp', 'netvigator.com', 'mail.com', 'email.com', 'usa.com',
  'post.com', 'consultant.com', 'myself.com', 'inbox.com', 'lycos.com', 'hushmail.com', 'runbox.com', 'startmail.com', 'disroot.org',
  'riseup.net', 'tutanota.com', 'tutanota.de', 'tutamail.com', 'tuta.io', 'tuta.com', 'keemail.me', 'mailfence.com', 'ctemplar.com',
]);

/** Known throwaway-address services. */
export const disposableDomains = new Set([
  'mailinator.com', 'guerrillamail.com', 'guerrillamail.net', 'guerrillamail.org', 'guerrillamailblock.com', 'sharklasers.com', 'grr.la',
  'pokemail.net', 'spam4.me', '10minutemail.com', '10minutemail.net', 'temp-mail.org', 'tempmail.com', 'tempmail.net', 'tempmailo.com',
  'temp-mail.io', 'tempr.email', 'yopmail.com', 'yopmail.fr', 'yopmail.net', 'trashmail.com', 'trashmail.de', 'trashmail.net',
  'getnada.com', 'nada.email', 'dispostable.com', 'maildrop.cc', 'throwawaymail.com', 'fakeinbox.com', 'mintemail.com', 'mohmal.com',
  'emailondeck.com', 'burnermail.io', 'mailnesia.com', 'mailcatch.com', 'spamgourmet.com', 'spambox.us', 'mytemp.email', 'tempinbox.com',
  'discard.email', 'discardmail.com', 'dropmail.me', 'emailfake.com', 'fakemail.net', 'getairmail.com', 'harakirimail.com', 'inboxkitten.com',
  'jetable.org', 'mail-temp.com', 'mailpoof.com', 'mailtemp.info', 'moakt.com', 'mvrht.com', 'spamdecoy.net', 'tempail.com', 'tmail.ws',
  'tmpmail.org', 'tmpmail.net', 'wegwerfmail.de', 'wegwerfmail.net', 'einrot.com', 'cuvox.de', 'armyspy.com', 'dayrep.com', 'fleckens.hu',
  'gustr.com', 'jourrapide.com', 'rhyta.com', 'superrito.com', 'teleworm.us', 'anonbox.net', 'mailforspam.com', '33mail.com', 'guerrillamail.de',
]);

/** Substrings of a registrable label that give away a throwaway service we have not listed. */
export const disposableHints = ['tempmail', 'temp-mail', 'tmpmail', 'throwaway', 'trashmail', 'minutemail', 'minute-mail', 'disposable', 'fakemail', 'fake-mail', 'spambox', 'spamgourmet', 'mailinator', 'guerrilla', 'yopmail', 'burnermail', 'wegwerf', 'dropmail', 'getnada', 'mailnesia', 'sharklasers'];
