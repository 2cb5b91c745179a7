/** A realistic company home page: head metadata, a JSON-LD @graph with @id references, and a footer of social links. */
export const acmeHomePage = `<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Acme Robotics | Industrial robots that just work</title>
  <meta name="description" content="Acme Robotics builds collaborative robot arms for small factories.">
  <meta property="og:site_name" content="Acme Robotics">
  <meta property="og:title" content="Home">
  <meta property="og:description" content="Robot arms for small factories.">
  <meta property="og:image" content="/images/share-card.png">
  <meta name="twitter:site" content="@acmerobotics">
  <link rel="canonical" href="https://acme-robotics.co.uk/">
  <link rel="icon" href="/favicon-32.png" sizes="32x32">
  <link rel="apple-touch-icon" href="/apple-touch-icon.png" sizes="180x180">
  <script type="application/ld+json">
  {
    "@context": "https://schema.org",
    "@graph": [
      { "@type": "WebSite", "@id": "https://acme-robotics.co.uk/#website", "url": "https://acme-robotics.co.uk/", "publisher": { "@id": "https://acme-robotics.co.uk/#org" } },
      {
        "@type": ["Organization", "Corporation"],
        "@id": "https://acme-robotics.co.uk/#org",
        "name": "Acme Robotics Ltd",
        "legalName": "Acme Robotics Limited",
        "url": "https://acme-robotics.co.uk/",
        "logo": { "@id": "https://acme-robotics.co.uk/#logo" },
        "sameAs": ["https://www.linkedin.com/company/acme-robotics/", "https://github.com/acme-robotics", "https://www.youtube.com/@acmerobotics"],
        "address": { "@type": "PostalAddress", "streetAddress": "12 Mill Lane", "addressLocality": "Manchester", "postalCode": "M1 2AB", "addressCountry": "United Kingdom" },
        "telephone": "0161 496 0000",
        "email": "mailto:Hello@Acme-Robotics.co.uk",
        "foundingDate": "2014-03-01",
        "numberOfEmployees": { "@type": "QuantitativeValue", "minValue": 51, "maxValue": 200 },
        "industry": "Industrial Automation"
      },
      { "@type": "ImageObject", "@id": "https://acme-robotics.co.uk/#logo", "url": "https://acme-robotics.co.uk/images/logo.svg" }
    ]
  }
  </script>
  <script type="application/ld+json">{ this is not json </script>
</head>
<body>
  <header><svg><title>menu icon</title></svg><a href="/">Home</a></header>
  <main>
    <p>Read how <a href="https://www.linkedin.com/company/partner-co/">Partner Co</a> uses our arms.</p>
    <a href="https://twitter.com/intent/tweet?text=hi">Share</a>
    <a href="https://www.facebook.com/sharer/sharer.php?u=x">Share on Facebook</a>
  </main>
  <footer>
    <a href="https://www.facebook.com/AcmeRobotics/">Facebook</a>
    <a href="https://www.instagram.com/acme.robotics/?hl=en">Instagram</a>
    <a href="javascript:alert(1)">x</a>
    <a href="https://x.com/acmerobotics">X</a>
  </footer>
</body>
</html>`;
