// Written by scripts/gate-literal-sets.ts: do not edit. The literal sets of the patterns the
// escalation checks gate (literal-gate.ts), by pattern, derived once so that a start-up loads
// no regular-expression parser. Per pattern, its sets, each one string of literals apart by tabs.
export const GATE_LITERAL_SETS: Record<string, string[] | undefined> = {
  '/\\b(automatic reply|auto-?reply|autoreply|out of (the )?office|abwesenheit\\w{0,12}|automatische antwort|reponse automatique|respuesta automatica|risposta automatica|fuera de la oficina|fuori (ufficio|sede))\\b/u':
    [
      'automatic reply\tautoreply\tauto-reply\tout of office\tout of the office\tabwesenheit\tautomatische antwort\treponse automatique\trespuesta automatica\trisposta automatica\tfuera de la oficina\tfuori ufficio\tfuori sede',
    ],
  "/\\b(i am|i'm|i will be) (currently )?(out of (the )?office|away|on (leave|holiday|vacation|parental leave))\\b/u": [
    "i am out of office\ti am out of the office\ti am away\ti am on leave\ti am on holiday\ti am on vacation\ti am on parental leave\ti am currently out of office\ti am currently out of the office\ti am currently away\ti am currently on leave\ti am currently on holiday\ti am currently on vacation\ti am currently on parental leave\ti'm out of office\ti'm out of the office\ti'm away\ti'm on leave\ti'm on holiday\ti'm on vacation\ti'm on parental leave\ti'm currently out of office\ti'm currently out of the office\ti'm currently away\ti'm currently on leave\ti'm currently on holiday\ti'm currently on vacation\ti'm currently on parental leave\ti will be out of office\ti will be out of the office\ti will be away\ti will be on leave\ti will be on holiday\ti will be on vacation\ti will be on parental leave\ti will be currently out of office\ti will be currently out of the office\ti will be currently away\ti will be currently on leave\ti will be currently on holiday\ti will be currently on vacation\ti will be currently on parental leave",
    "i am\ti'm\ti will be",
    'out of office\tout of the office\taway\ton leave\ton holiday\ton vacation\ton parental leave',
  ],
  '/\\bje (suis|serai) (actuellement )?absente?\\b|\\b(ich bin|ich befinde mich) (bis|ab|vom|derzeit|zurzeit|in)\\b[^\\n]{0,60}\\b(nicht im buro|abwesend|wieder erreichbar|elternzeit|urlaub)/u':
    [
      'je suis absent\tje suis actuellement absent\tje serai absent\tje serai actuellement absent\tich bin bis\tich bin ab\tich bin vom\tich bin derzeit\tich bin zurzeit\tich bin in\tich befinde mich bis\tich befinde mich ab\tich befinde mich vom\tich befinde mich derzeit\tich befinde mich zurzeit\tich befinde mich in',
    ],
  '/\\b(estoy|estare) (fuera|ausente|de vacaciones)\\b|\\b(sono|saro) (fuori|assente|in ferie)\\b/u': [
    'estoy fuera\testoy ausente\testoy de vacaciones\testare fuera\testare ausente\testare de vacaciones\tsono fuori\tsono assente\tsono in ferie\tsaro fuori\tsaro assente\tsaro in ferie',
  ],
  "/\\b(this mailbox is not monitored|mailbox is unattended|cette (boite|adresse) n'est pas (surveillee|consultee)|dieses postfach wird nicht (uberwacht|gelesen)|este buzon no (se revisa|esta atendido)|questa casella non (e|viene) (monitorata|letta))\\b/u":
    [
      "this mailbox is not monitored\tmailbox is unattended\tcette boite n'est pas surveillee\tcette boite n'est pas consultee\tcette adresse n'est pas surveillee\tcette adresse n'est pas consultee\tdieses postfach wird nicht uberwacht\tdieses postfach wird nicht gelesen\teste buzon no se revisa\teste buzon no esta atendido\tquesta casella non e monitorata\tquesta casella non e letta\tquesta casella non viene monitorata\tquesta casella non viene letta",
    ],
  '/\\b(phishing|phish|scam|arnaque|escroquerie|hameconnage|betrug\\w{0,6}|estafa|truffa|fraude|frode)\\b/u': [
    'phish\tscam\tarnaque\tescroquerie\thameconnage\tbetrug\testafa\ttruffa\tfraude\tfrode',
  ],
  '/\\b(is (this|it) (legit|genuine|real|you)|is this (mail|email|e-mail|message) (legit|genuine|real|from you))\\b/u': [
    'is this legit\tis this genuine\tis this real\tis this you\tis it legit\tis it genuine\tis it real\tis it you\tis this mail legit\tis this mail genuine\tis this mail real\tis this mail from you\tis this email legit\tis this email genuine\tis this email real\tis this email from you\tis this e-mail legit\tis this e-mail genuine\tis this e-mail real\tis this e-mail from you\tis this message legit\tis this message genuine\tis this message real\tis this message from you',
  ],
  "/\\b(c'est (bien )?(de chez vous|vous)|est-ce (bien )?(vous|legitime))\\b|\\bist (diese|die|das) (mail|e-mail|nachricht) (echt|von ihnen)\\b|\\b(es (legitimo|vuestro|real)|es de verdad)\\b|\\b(e (vera|legittima|vostra)|siete voi)\\b/u":
    [
      "c'est de chez vous\tc'est vous\tc'est bien de chez vous\tc'est bien vous\test-ce vous\test-ce legitime\test-ce bien vous\test-ce bien legitime\tist diese mail echt\tist diese mail von ihnen\tist diese e-mail echt\tist diese e-mail von ihnen\tist diese nachricht echt\tist diese nachricht von ihnen\tist die mail echt\tist die mail von ihnen\tist die e-mail echt\tist die e-mail von ihnen\tist die nachricht echt\tist die nachricht von ihnen\tist das mail echt\tist das mail von ihnen\tist das e-mail echt\tist das e-mail von ihnen\tist das nachricht echt\tist das nachricht von ihnen\tes legitimo\tes vuestro\tes real\tes de verdad\te vera\te legittima\te vostra\tsiete voi",
    ],
  '/\\b(e-?mails?|mails?|sms|courriel|correo|messaggio|message|mensaje|nachricht|text message|link|lien|enlace)\\b/u': [
    'mail\tsms\tcourriel\tcorreo\tmessaggio\tmessage\tmensaje\tnachricht\tlink\tlien\tenlace',
  ],
  '/\\b(got|received|receive|forwarded|forwarding|recu|recue|recois|transfere|bekommen|erhalten|bekam|weitergeleitet|angeblich|recibido|recibi|llegado|llego|reenvio|ricevuto|arrivat[oa]|inoltr\\w{1,6})\\b/u':
    [
      'got\treceive\tforwarded\tforwarding\trecu\trecois\ttransfere\tbekommen\terhalten\tbekam\tweitergeleitet\tangeblich\trecibi\tllegado\tllego\treenvio\tricevuto\tarrivato\tarrivata\tinoltr',
    ],
  "/\\b(i (clicked|typed|entered)|(typed|entered|gave) my password|j'ai (clique|saisi|tape|entre)|(saisi|tape|entre) mon mot de passe|ich habe (?![^.\\n]{0,40}\\bnicht)[^.\\n]{0,120}\\b(geklickt|eingegeben)|mein passwort (eingegeben|eingetippt)|(?<!\\bno )he (hecho clic|pulsado|escrito|introducido)|(puse|escribi|introduje) mi contrasena|(?<!\\bnon )ho (cliccato|inserito|digitato|messo)|(inserito|digitato) la (mia )?password|(poner|puesto|introducir) mi contrasena)\\b/u":
    [
      "i clicked\ti typed\ti entered\ttyped my password\tentered my password\tgave my password\tj'ai clique\tj'ai saisi\tj'ai tape\tj'ai entre\tsaisi mon mot de passe\ttape mon mot de passe\tentre mon mot de passe\tich habe \tmein passwort eingegeben\tmein passwort eingetippt\the hecho clic\the pulsado\the escrito\the introducido\tpuse mi contrasena\tescribi mi contrasena\tintroduje mi contrasena\tho cliccato\tho inserito\tho digitato\tho messo\tinserito la password\tinserito la mia password\tdigitato la password\tdigitato la mia password\tponer mi contrasena\tpuesto mi contrasena\tintroducir mi contrasena",
    ],
  '/\\b(to unsubscribe|unsubscribe here|click here to unsubscribe|pour (vous )?(desabonner|desinscrire)|zum abbestellen|um sich abzumelden|para darse de baja|responda baja|per (disiscriverti|cancellarti))\\b/u':
    [
      'to unsubscribe\tunsubscribe here\tpour desabonner\tpour desinscrire\tpour vous desabonner\tpour vous desinscrire\tzum abbestellen\tum sich abzumelden\tpara darse de baja\tresponda baja\tper disiscriverti\tper cancellarti',
    ],
  '/\\b(book (a|your) (free )?(demo|call)|free (demo|audit|trial|consultation)|case study|partnership proposal|reservez une demo|kostenlose demo|demo gratuita)\\b/u':
    [
      'book a demo\tbook a call\tbook a free call\tbook your demo\tbook your call\tbook your free call\tfree demo\tfree audit\tfree trial\tfree consultation\tcase study\tpartnership proposal\treservez une demo\tkostenlose demo\tdemo gratuita',
    ],
  '/\\b(colleague|co-?worker|kolleg(e|in)|mitarbeiter(in)?|collegue|collaborat(eur|rice)|compa(n|ñ)er[oa]|colega|collega)s?\\b/u': [
    'colleague\tcoworker\tco-worker\tkollege\tkollegin\tmitarbeiter\tcollegue\tcollaborateur\tcollaboratrice\tcompa\tcolega\tcollega',
  ],
  '/\\b((one|some|several|many|all|most|none|two|three|four|five|\\d{1,4}) of (our|my|the) |(our|my|a|an|the|some|several|many|all|two|three|four|five|\\d{1,4}|multiple|few|new) (new )?)(\\w{1,20} )?(colleague|co-?worker|user|editor|employee|staff|team ?member|member|supplier|people|person|client|customer|buyer|merchandiser|translator|contributor|manager|intern|trainee|coordinator|assistant|admin|boss|guy|lady|folks|users)s?\\b/u':
    [
      'colleague\tcoworker\tco-worker\tuser\teditor\temployee\tstaff\tmember\tsupplier\tpeople\tperson\tclient\tcustomer\tbuyer\tmerchandiser\ttranslator\tcontributor\tmanager\tintern\ttrainee\tcoordinator\tassistant\tadmin\tboss\tguy\tlady\tfolks',
    ],
  "/\\b(he(?! \\w{1,20}(ado|ido|ierto|cho|isto|uesto|elto|ito)\\b)|she|him|her|his|someone|somebody|anyone|quelqu'un|jemand|alguien|qualcuno)\\b/u":
    ["he\thim\this\tsomeone\tsomebody\tanyone\tquelqu'un\tjemand\talguien\tqualcuno"],
  '/\\b(mr|mrs|ms|herr|herrn|frau|fr\\.|hr\\.|m\\.|mme|monsieur|madame|senor|senora|sr\\.|sra\\.|signor|signora|sig\\.|sig\\.ra|dott\\.)\\s{1,5}\\p{Lu}?/u':
    ['mr\tms\therr\tfrau\tfr.\thr.\tm.\tmme\tmonsieur\tmadame\tsenor\tsr.\tsra.\tsignor\tsig.\tdott.'],
  '/\\b((two|three|four|five|six|seven|eight|ten|\\d{1,4}) (other )?(people|persons|guys|colleagues|users|buyers|editors)|half (of )?(my|our|the) \\w{0,20} ?team|(on|in|from) (my|our) team|(de|dans) (mon|notre) equipe|(de|en) (mi|nuestro) equipo|(del|nel) (mio|nostro) (team|gruppo|ufficio)|(aus|in) (meinem|unserem) team)\\b/u':
    [
      ' people\t persons\t guys\t colleagues\t users\t buyers\t editors\thalf my \thalf our \thalf the \thalf of my \thalf of our \thalf of the \ton my team\ton our team\tin my team\tin our team\tfrom my team\tfrom our team\tde mon equipe\tde notre equipe\tdans mon equipe\tdans notre equipe\tde mi equipo\tde nuestro equipo\ten mi equipo\ten nuestro equipo\tdel mio team\tdel mio gruppo\tdel mio ufficio\tdel nostro team\tdel nostro gruppo\tdel nostro ufficio\tnel mio team\tnel mio gruppo\tnel mio ufficio\tnel nostro team\tnel nostro gruppo\tnel nostro ufficio\taus meinem team\taus unserem team\tin meinem team\tin unserem team',
    ],
  '/\\b(caller|call from|phone (msg|message|note)|hat angerufen|ruft an|a appele|appel de|llamo|llamada de|ha chiamato|chiamata (di|da)|telefonata (di|da))\\b/u':
    [
      'caller\tcall from\tphone msg\tphone message\tphone note\that angerufen\truft an\ta appele\tappel de\tllamo\tllamada de\tha chiamato\tchiamata di\tchiamata da\ttelefonata di\ttelefonata da',
    ],
  '/\\b(each|all|none|both) of them\\b|\\b(these|those) (\\w{1,20} )?(users|people|colleagues)\\b|\\babout half of (my|our|the) \\w{1,20}|\\b(part|some|most|half|a few|few|a couple|many) of (the|our|my) (\\w{1,20} )?(members|users|people|colleagues|employees|staff|editors|buyers)\\b|\\b(une partie|la plupart|la moitie) (des|de nos|de mes) (utilisat|collegues|collaborat|membres)|\\bein teil (der|unserer|meiner) (benutzer|nutzer|user|kolleg|mitarbeiter)|\\b(parte|la mitad|la mayoria) de (los|nuestros|mis) (usuarios|companeros|colegas|miembros|empleados)|\\b(parte|la meta|la maggior parte) (degli|dei|dei nostri|dei miei) (utenti|colleghi|membri|dipendenti)/u':
    [
      'each of them\tall of them\tnone of them\tboth of them\tthese \tthose \tpart of the \tpart of our \tpart of my \tsome of the \tsome of our \tsome of my \tmost of the \tmost of our \tmost of my \thalf of the \thalf of our \thalf of my \tfew of the \tfew of our \tfew of my \ta couple of the \ta couple of our \ta couple of my \tmany of the \tmany of our \tmany of my \tune partie des utilisat\tune partie des collegues\tune partie des collaborat\tune partie des membres\tune partie de nos utilisat\tune partie de nos collegues\tune partie de nos collaborat\tune partie de nos membres\tune partie de mes utilisat\tune partie de mes collegues\tune partie de mes collaborat\tune partie de mes membres\tla plupart des utilisat\tla plupart des collegues\tla plupart des collaborat\tla plupart des membres\tla plupart de nos utilisat\tla plupart de nos collegues\tla plupart de nos collaborat\tla plupart de nos membres\tla plupart de mes utilisat\tla plupart de mes collegues\tla plupart de mes collaborat\tla plupart de mes membres\tla moitie des utilisat\tla moitie des collegues\tla moitie des collaborat\tla moitie des membres\tla moitie de nos utilisat\tla moitie de nos collegues\tla moitie de nos collaborat\tla moitie de nos membres\tla moitie de mes utilisat\tla moitie de mes collegues\tla moitie de mes collaborat\tla moitie de mes membres\tein teil der benutzer\tein teil der nutzer\tein teil der user\tein teil der kolleg\tein teil der mitarbeiter\tein teil unserer benutzer\tein teil unserer nutzer\tein teil unserer user\tein teil unserer kolleg\tein teil unserer mitarbeiter\tein teil meiner benutzer\tein teil meiner nutzer\tein teil meiner user\tein teil meiner kolleg\tein teil meiner mitarbeiter\tparte de los usuarios\tparte de los companeros\tparte de los colegas\tparte de los miembros\tparte de los empleados\tparte de nuestros usuarios\tparte de nuestros companeros\tparte de nuestros colegas\tparte de nuestros miembros\tparte de nuestros empleados\tparte de mis usuarios\tparte de mis companeros\tparte de mis colegas\tparte de mis miembros\tparte de mis empleados\tla mitad de los usuarios\tla mitad de los companeros\tla mitad de los colegas\tla mitad de los miembros\tla mitad de los empleados\tla mitad de nuestros usuarios\tla mitad de nuestros companeros\tla mitad de nuestros colegas\tla mitad de nuestros miembros\tla mitad de nuestros empleados\tla mitad de mis usuarios\tla mitad de mis companeros\tla mitad de mis colegas\tla mitad de mis miembros\tla mitad de mis empleados\tla mayoria de los usuarios\tla mayoria de los companeros\tla mayoria de los colegas\tla mayoria de los miembros\tla mayoria de los empleados\tla mayoria de nuestros usuarios\tla mayoria de nuestros companeros\tla mayoria de nuestros colegas\tla mayoria de nuestros miembros\tla mayoria de nuestros empleados\tla mayoria de mis usuarios\tla mayoria de mis companeros\tla mayoria de mis colegas\tla mayoria de mis miembros\tla mayoria de mis empleados\tparte degli utenti\tparte degli colleghi\tparte degli membri\tparte degli dipendenti\tparte dei utenti\tparte dei colleghi\tparte dei membri\tparte dei dipendenti\tparte dei nostri utenti\tparte dei nostri colleghi\tparte dei nostri membri\tparte dei nostri dipendenti\tparte dei miei utenti\tparte dei miei colleghi\tparte dei miei membri\tparte dei miei dipendenti\tla meta degli utenti\tla meta degli colleghi\tla meta degli membri\tla meta degli dipendenti\tla meta dei utenti\tla meta dei colleghi\tla meta dei membri\tla meta dei dipendenti\tla meta dei nostri utenti\tla meta dei nostri colleghi\tla meta dei nostri membri\tla meta dei nostri dipendenti\tla meta dei miei utenti\tla meta dei miei colleghi\tla meta dei miei membri\tla meta dei miei dipendenti',
    ],
  '/\\b(plusieurs|quatre|cinq|six|sept|huit|dix) (\\w{1,20} )?(collegues|utilisat(eurs|rices)|commerciaux|acheteu(rs|ses)|personnes|redact(eurs|rices)|collaborat(eurs|rices)|employes|salaries)\\b/u':
    [
      'collegues\tutilisateurs\tutilisatrices\tcommerciaux\tacheteurs\tacheteuses\tpersonnes\tredacteurs\tredactrices\tcollaborateurs\tcollaboratrices\temployes\tsalaries',
      'plusieurs\tquatre\tcinq\tsix\tsept\thuit\tdix',
    ],
  '/\\b(cuatro|cinco|seis|siete|ocho|diez|quattro|cinque|sei|sette|otto|dieci|vier|funf|sechs|sieben|acht|zehn) (\\w{1,20} )?(personas|usuari\\w{1,3}|compa(n|ñ)er\\w{1,3}|colegas|emplead\\w{1,3}|persone|utenti|colleghi|dipendenti|kolleg\\w{1,3}|personen|benutzer\\w{0,3}|mitarbeiter\\w{0,3}|leute)\\b/u':
    [
      'personas\tusuari\tcompa\tcolegas\templead\tpersone\tutenti\tcolleghi\tdipendenti\tkolleg\tbenutzer\tmitarbeiter\tleute',
      'cuatro\tcinco\tsiete\tocho\tdiez\tquattro\tcinque\tsei\tsette\totto\tdieci\tvier\tfunf\tsechs\tsieben\tacht\tzehn',
    ],
  "/\\b((un|une) de (nos|mes) |(nos|mes|plusieurs|certains|des|deux|trois|\\d{1,4}) |(un|une|mon|ma|notre|le|la|les|l') ?(nouvel(le)? )?)(collegue|utilisat(eur|rice)|collaborat(eur|rice)|employee?|salariee?|fournisseur|membre|personne|redact(eur|rice)|client|stagiaire|acheteu(r|se)|equipe)s?\\b/u":
    [
      'collegue\tutilisateur\tutilisatrice\tcollaborateur\tcollaboratrice\temploye\tsalarie\tfournisseur\tmembre\tpersonne\tredacteur\tredactrice\tclient\tstagiaire\tacheteur\tacheteuse\tequipe',
    ],
  '/\\b(elle|ils|elles)\\b/u': ['elle\tils'],
  "/\\bil (n'arrive|ne peut|a essaye|ne recoit|n'a pas|est bloque)/u": [
    "il n'arrive\til ne peut\til a essaye\til ne recoit\til n'a pas\til est bloque",
    "n'arrive\tne peut\ta essaye\tne recoit\tn'a pas\test bloque",
  ],
  '/\\b((ein|eine|einer|einem|einen|unser\\w{0,20}|mein\\w{0,20}|mehrere|einige|viele|alle|manche|bestimmte[nm]?|zwei|drei|\\d{1,4}) (neue[rnm]? )?(\\w{1,20}-)?(kolleg|benutzer(?!name)|nutzer(?!name)|user(?!name|-?(account|konto|zugang|id|login))|mitarbeiter|anwender|lieferant|redakteur|person(?!lich)|leute|kunde|praktikant|azubi|team)\\w{0,20})/u':
    ['kolleg\tnutzer\tuser\tmitarbeiter\tanwender\tlieferant\tredakteur\tperson\tleute\tkunde\tpraktikant\tazubi\tteam'],
  '/\\b(er|ihm|ihn)\\b/u': ['er\tihm\tihn'],
  "/\\b(existing|other|affected|internal|external|active|older) (\\w{1,20} )?(users|people|colleagues|employees|editors|members|customers)\\b|(^|[.!?]\\s{1,3})(users|people|employees|colleagues|customers|editors) ((can't|cannot|can not|could not|couldn't|still can't) (sign|log|get in|access|connect|open|see)|(get|got|see|keep getting|are getting) (an? |the )?(error|login failed|message|page|screen))/u":
    ['existing \tother \taffected \tinternal \texternal \tactive \tolder \tusers \tpeople \temployees \tcolleagues \tcustomers \teditors '],
  '/\\b((un|una|uno|unos|unas|nuestro|nuestra|nuestros|nuestras|mi|mis|varios|varias|algunos|algunas|dos|tres|\\d{1,4}) (nuev[oa]s? )?(usuari|compa(n|ñ)er|coleg|emplead|proveedor|miembro|persona|cliente|becari|equipo)\\w{0,20})/u':
    ['usuari\tcompa\tcoleg\templead\tproveedor\tmiembro\tpersona\tcliente\tbecari\tequipo'],
  '/\\b(si|cuando|al|a los|los) (el |los )?usuarios?\\b(?! (y|o|ni) (la )?(contrasena|clave|password))/u': [
    'si usuario\tsi el usuario\tcuando usuario\tcuando el usuario\tal usuario\tal el usuario\tlos usuario\tlos el usuario',
    'si\tcuando\tal\tlos',
  ],
  '/\\b(ella|ellos|ellas)\\b/u': ['ella\tellos'],
  '/\\b((un|una|uno|il nostro|la nostra|i nostri|le nostre|nostro|nostra|nostri|nostre|mio|mia|miei|alcuni|diversi|vari|due|tre|\\d{1,4}) (nuov[oaie] )?(utent|colleg|dipendent|fornitor|membr|person|client|redattor|stagist|team)\\w{0,20})/u':
    [' utent\t colleg\t dipendent\t fornitor\t membr\t person\t client\t redattor\t stagist\t team'],
  '/\\b(lui|loro)\\b/u': ['lui\tloro'],
  "/\\b(nobody|no one|no-one)\\b(?! else)(?!( has| have| had)? \\w{1,15} me\\b|( \\w{1,15})? (know\\w{0,2}|knew|(can|could) tell|explain\\w{0,2}|understand\\w{0,3})\\b|[^.,;:!?\\n]{0,30}\\b(answer\\w{0,3}|repl(y|ied|ies)|respond\\w{0,3}|got back|gets back|get back|react\\w{0,3}|contacted|called back)\\b)|\\bpersonne (ne|n')(?!\\s{0,3}\\w{1,20} d'autre)(?!\\s{0,3}(m'|me |sait\\b|savait\\b|comprend)|[^.,;:!?\\n]{0,20}\\b(repon\\w{0,5}|rappel\\w{0,5}|reagi\\w{0,3})\\b)|\\baucun(e)? (de nos|de mes|des|d'entre)\\b|\\b(niemand|keiner)\\b(?! (sonst|anderer|ausser mir))(?! (hat |hatte )?(mir|mich)\\b|( \\w{1,10})? (weiss|wusste|versteht)\\b|[^.,;:!?\\n]{0,25}\\b(antwort\\w{0,3}|geantwortet|meldet sich|gemeldet|zuruckgerufen|reagiert)\\b)|\\bnadie\\b(?! (mas|excepto yo))(?! (me|sabe|sabia|entiende)\\b|[^.,;:!?\\n]{0,20}\\b(contest\\w{0,4}|respond\\w{0,4}|llamad\\w{0,2})\\b)|\\bnessuno\\b(?! (altro|tranne me))(?! (mi|sa|sapeva|capisce)\\b|[^.,;:!?\\n]{0,20}\\b(rispost\\w|rispond\\w{0,4}|richiamat\\w)\\b)/u":
    [
      "nobody\tno one\tno-one\tpersonne ne\tpersonne n'\taucun de nos\taucun de mes\taucun des\taucun d'entre\taucune de nos\taucune de mes\taucune des\taucune d'entre\tniemand\tkeiner\tnadie\tnessuno",
    ],
  "/\\b(my|our|mon|notre|mein\\w{0,2}|unser\\w{0,2}|mi|nuestro|il mio|il nostro) (team|equipe|abteilung|equipo|squadra|gruppo|department|staff|reparto|departamento)( members?| mates?)?(\\s{0,3}$|\\s{0,3}[-:)]| (can't|cannot|can not|couldn't|could not|is unable|are unable|isn't able|aren't able|doesn't|don't|didn't|never|still can't|n'arrive|ne peu\\w{0,4}|ne (re)?voi\\w{0,4}|ne recoi\\w{0,4}|kann nicht|konnen nicht|kann sich nicht|konnen sich nicht|bekommt kein\\w{0,2}|no puede\\w{0,2}|no recibe\\w{0,2}|no ve\\w{0,2}|non riesce|non riescono|non (puo|possono|vede|vedono|riceve|ricevono))(?!( pas| ad| a)? (m'|me |mir |mi )?(help|helfen|aid|aiut|ayud)\\w*))/u":
    [
      ' team\t equipe\t abteilung\t equipo\t squadra\t gruppo\t department\t staff\t reparto\t departamento',
      'my\tour\tmon\tnotre\tmein\tunser\tmi\tnuestro\til nostro',
      'team\tequipe\tabteilung\tequipo\tsquadra\tgruppo\tdepartment\tstaff\treparto\tdepartamento',
    ],
  '/\\b(gmail|google ?mail|gmx|outlook|hotmail|yahoo|t-online|web\\.de|icloud|libero|wanadoo|microsoft|office ?365)[- ]?(users|addresses|accounts|adressen|nutzer|kunden|adresses|utilisateurs|usuarios|direcciones|cuentas|utenti|indirizzi)\\b|\\b(gmail|google ?mail|gmx|outlook|hotmail|yahoo|t-online|web\\.de|icloud|libero|wanadoo)( ?[,/]| (und|and|et|y|e|oder|or|ou|o)) (gmail|google ?mail|gmx|outlook|hotmail|yahoo|t-online|web\\.de|icloud|libero|wanadoo|orange|free)\\b/u':
    [
      'users\taddresses\taccounts\tadressen\tnutzer\tkunden\tadresses\tutilisateurs\tusuarios\tdirecciones\tcuentas\tutenti\tindirizzi\tgmail\tgooglemail\tgoogle mail\tgmx\toutlook\thotmail\tyahoo\tt-online\tweb.de\ticloud\tlibero\twanadoo',
    ],
  '/\\b(los|las|nuestros|nuestras|mis|varios|varias|algunos|algunas|ninguno de los|ninguna de las|a ninguno de los|\\d{1,4}) (encargad[oa]s|responsables|gerentes|vendedor(es|as)|dependient[ae]s|comerciales|tecnicos|administrativ[oa]s|jefes)\\b/u':
    [
      ' encargados\t encargadas\t responsables\t gerentes\t vendedores\t vendedoras\t dependientas\t dependientes\t comerciales\t tecnicos\t administrativos\t administrativas\t jefes',
      'encargados\tencargadas\tresponsables\tgerentes\tvendedores\tvendedoras\tdependientas\tdependientes\tcomerciales\ttecnicos\tadministrativos\tadministrativas\tjefes',
    ],
  "/\\b(tell(ing|s)? (me|us)|told (me|us)|report(ed|ing|s)? (to me|to us|that)|complain\\w{0,4}|asked me|m'(a|ont) (dit|signale|ecrit|appele)|me (disent|signale\\w{0,3})|(hat|haben) (mir|uns) (gesagt|gemeldet|geschrieben)|melde[nt]?( mir| uns)|me (dicen|dijo|han dicho|comentan|escriben|reportan)|mi (dicono|hanno detto|ha detto|segnala\\w{0,3}|scrivono))\\b/u":
    [
      "tell me\ttell us\ttelling me\ttelling us\ttells me\ttells us\ttold me\ttold us\treport to me\treport to us\treport that\treported to me\treported to us\treported that\treporting to me\treporting to us\treporting that\treports to me\treports to us\treports that\tcomplain\tasked me\tm'a dit\tm'a ecrit\tm'a appele\tm'ont dit\tm'ont ecrit\tm'ont appele\tdisent\tsignale\that mir gesagt\that mir gemeldet\that mir geschrieben\that uns gesagt\that uns gemeldet\that uns geschrieben\thaben mir gesagt\thaben mir gemeldet\thaben mir geschrieben\thaben uns gesagt\thaben uns gemeldet\thaben uns geschrieben\tmelde mir\tmelde uns\tmelden mir\tmelden uns\tmeldet mir\tmeldet uns\tme dicen\tme dijo\tme han dicho\tme comentan\tme escriben\tme reportan\tdicono\thanno detto\tha detto\tsegnala\tscrivono",
    ],
  "/\\b((i am|i'm|im) (a|an)|je suis( un| une)?|ich bin( ein| eine)?|soy( un| una)?|sono (un|una|uno)) [\\p{L}-]{1,24}( [\\p{L}-]{1,24})?/gu":
    [
      "i am a \ti am an \ti'm a \ti'm an \tim a \tim an \tje suis \tich bin \tsoy \tsono un \tsono una \tsono uno ",
      "i am a\ti'm a\tim a\tje suis\tich bin\tsoy\tsono un",
    ],
  "/\\b(my|mon|ma|mi|mio|il mio|la mia|mein(em|en)?|with the|avec l'|con el|con il|col|mit dem) (\\w{1,20} )?(user ?names?|usernames?|user|logins?|utilisateur|identifiant|usuario|utente|utenza|benutzer(name)?n?|nutzer(name)?n?|account|konto|compte|cuenta)\\b/gu":
    [
      'user\tlogin\tutilisateur\tidentifiant\tusuario\tutente\tutenza\tnutzer\taccount\tkonto\tcompte\tcuenta',
      "my\tmon\tma\tmi\tmein\twith the\tavec l'\tcon el\tcon il\tcol",
    ],
  "/\\b((supplier|vendor|customer|client|fournisseurs?|lieferanten|proveedor(es)?|fornitor[ei]) ?(tool|portal|portail|portale|app|application|side|platform|plateforme|plattform|piattaforma|plataforma|data manager|sdm)s?|(of|de|du|des|del|della|dello|von|vom) (our|my|notre|mon|nuestro|mi|nostro|mio|unsere[ms]?|meine[ms]?) (customer|client|cliente|kunden?)s?|as (a |an )?(different|another|other|second|new|separate) (person|user|account)|client[ _-]?(id|secret|credentials|api)|api[ _-]?(user(name)?|client)s?|technical user|service user|user ?name|username|password manager|gestionnaire de mots de passe|passwort-?manager|employee (number|id|code)|collega (il |l'|gli )?(tuo |suo |vostro |mio )?(account|profilo))\\b/gu":
    [
      "supplier\tvendor\tcustomer\tclient\tfournisseur\tlieferanten\tproveedor\tfornitore\tfornitori\tkunde\tas different person\tas different user\tas different account\tas another person\tas another user\tas another account\tas other person\tas other user\tas other account\tas second person\tas second user\tas second account\tas new person\tas new user\tas new account\tas separate person\tas separate user\tas separate account\tas a different person\tas a different user\tas a different account\tas a another person\tas a another user\tas a another account\tas a other person\tas a other user\tas a other account\tas a second person\tas a second user\tas a second account\tas a new person\tas a new user\tas a new account\tas a separate person\tas a separate user\tas a separate account\tas an different person\tas an different user\tas an different account\tas an another person\tas an another user\tas an another account\tas an other person\tas an other user\tas an other account\tas an second person\tas an second user\tas an second account\tas an new person\tas an new user\tas an new account\tas an separate person\tas an separate user\tas an separate account\tapiuser\tapi user\tapi_user\tapi-user\ttechnical user\tservice user\tusername\tuser name\tpassword manager\tgestionnaire de mots de passe\tpasswortmanager\tpasswort-manager\temployee number\temployee id\temployee code\tcollega account\tcollega profilo\tcollega tuo account\tcollega tuo profilo\tcollega suo account\tcollega suo profilo\tcollega vostro account\tcollega vostro profilo\tcollega mio account\tcollega mio profilo\tcollega il account\tcollega il profilo\tcollega il tuo account\tcollega il tuo profilo\tcollega il suo account\tcollega il suo profilo\tcollega il vostro account\tcollega il vostro profilo\tcollega il mio account\tcollega il mio profilo\tcollega l'account\tcollega l'profilo\tcollega l'tuo account\tcollega l'tuo profilo\tcollega l'suo account\tcollega l'suo profilo\tcollega l'vostro account\tcollega l'vostro profilo\tcollega l'mio account\tcollega l'mio profilo\tcollega gli account\tcollega gli profilo\tcollega gli tuo account\tcollega gli tuo profilo\tcollega gli suo account\tcollega gli suo profilo\tcollega gli vostro account\tcollega gli vostro profilo\tcollega gli mio account\tcollega gli mio profilo",
    ],
  '/\\b(by|par|von|vom|por|da|dal|dalla) (a |an |my |our |one of our |un |une |mon |ma |notre |einem |einer |meinem |meiner |unserem |unserer |una |mi |nuestro |nuestra |il mio |la mia |un nostro |una nostra )?(colleague|co-?worker|admin|administrator|collegue|collaborat(eur|rice)|kolleg(e|en|in)|administrat(eur|rice)|colega|compa(n|ñ)er[oa]|administrador(a)?|collega|amministrat(ore|rice))s?\\b/gu':
    [
      'colleague\tcoworker\tco-worker\tadmin\tcollegue\tcollaborateur\tcollaboratrice\tkollege\tkollegin\tcolega\tcompa\tcollega\tamministratore\tamministratrice',
      'by\tpar\tvon\tvom\tpor\tda',
    ],
  '/\\b(my|mon|mein(em|en)?|mi|il mio) (\\w{1,20} )?(account|compte|konto|cuenta|utenza)\\b/u': [
    'account\tcompte\tkonto\tcuenta\tutenza',
    'my\tmon\tmein\tmi',
  ],
  '/\\b(user|utilisateur|benutzer|usuario|utente)\\s{0,3}[:(]\\s{0,3}(me|myself|moi|ich|yo|io)\\b/u': [
    'user\tutilisateur\tbenutzer\tusuario\tutente',
    'me\tmyself\tmoi\tich\tyo\tio',
  ],
  "/\\b(as (an? |the )?(pim )?admin(istrator)?|admin here|i'?m the (pim )?admin|i am the (pim )?admin|als admin|ich bin (der |die )?(pim-)?admin\\w{0,10}|en tant qu'admin\\w{0,10}|je suis (l'|le |la )?admin\\w{0,10}|como administrador\\w{0,2}|soy (el |la )?admin\\w{0,10}|come amministrat\\w{0,4}|sono (l'|il |la )?amministrat\\w{0,4}|amministro io)\\b/u":
    [
      "as admin\tas pim admin\tas a admin\tas a pim admin\tas an admin\tas an pim admin\tas the admin\tas the pim admin\tadmin here\tim the admin\tim the pim admin\ti'm the admin\ti'm the pim admin\ti am the admin\ti am the pim admin\tals admin\tich bin admin\tich bin pim-admin\tich bin der admin\tich bin der pim-admin\tich bin die admin\tich bin die pim-admin\ten tant qu'admin\tje suis admin\tje suis l'admin\tje suis le admin\tje suis la admin\tcomo administrador\tsoy admin\tsoy el admin\tsoy la admin\tcome amministrat\tsono amministrat\tsono l'amministrat\tsono il amministrat\tsono la amministrat\tamministro io",
    ],
  "/\\b(me and|i and|myself and|and i|and me|including me|moi et|et moi|moi aussi|ich und|und ich|ich auch|yo y|y yo|yo tambien|io e|e io|anche io|anch'io|i'm the|i am the|je suis (le|la|l')|ich bin (der|die)|soy (el|la)|sono (il|la|l'))\\b/u":
    [
      "me and\ti and\tmyself and\tand i\tand me\tincluding me\tmoi et\tet moi\tmoi aussi\tich und\tund ich\tich auch\tyo y\ty yo\tyo tambien\tio e\te io\tanch'io\ti'm the\ti am the\tje suis le\tje suis la\tje suis l'\tich bin der\tich bin die\tsoy el\tsoy la\tsono il\tsono la\tsono l'",
    ],
  "/\\b(call note|phone (msg|message|note)|msg taken|message taken|voicemail|call from|caller|rang|called|pls call|please call|call back|telefonnotiz|hat angerufen|ruft an|ruckruf|note d'appel|appel( de| tel)?|a appele|rappeler|mensaje telefonico|llamo|llamada|devolver llamada|telefonata|chiamata|ha chiamato|richiamare)\\b/u":
    [
      'call note\tphone msg\tphone message\tphone note\tmsg taken\tmessage taken\tvoicemail\tcall from\tcaller\trang\tcalled\tpls call\tplease call\tcall back\ttelefonnotiz\that angerufen\truft an\truckruf\tappel\tmensaje telefonico\tllamo\tllamada\ttelefonata\tchiamata\tha chiamato\trichiamare',
    ],
  "/^\\s{0,5}(the |l'|el |la |il |lo |der |die |le )?(user|utilisat(eur|rice)|benutzer(in)?|nutzer(in)?|anwender(in)?|usuari[oa]|utente|customer|kunde|kundin|cliente)\\b(?! ?name| (issue|problem|story|error|bug|request|feedback)s?\\b)(?!\\s{0,3}[:(]\\s{0,3}(me|myself|moi|ich|yo|io)\\b)/u":
    ['user\tutilisateur\tutilisatrice\tnutzer\tanwender\tusuario\tusuaria\tutente\tcustomer\tkunde\tkundin\tcliente'],
  "/\\b(can ?not|can't|cant|couldn't|could not|unable|not able|no longer|won't|wont|doesn't|does not|didn't|didnt|did not|don't|isn't|is not|never|still no|not (coming|arriving|received|working)|nothing (arrived|came)|tried|try|trying|fails?|failed|failing|error|not found|(encountered|have|had|get|got) (this|the same|that) (issue|problem|error)|forgot|forgotten|vergessen|oublie\\w{0,2}|olvid\\w{1,5}|dimenticat\\w{0,2}|locked|blocked|stuck|without access|lost access|not accepted|rejected|denied|n'arrive|ne peu\\w{0,20}|impossible|bloquee?s?|essaye|erreur|echoue|nicht|kein\\w{0,20}|gesperrt|fehler\\w{0,20}|versucht|probiert|ne (re)?(recoi|peu|voi|trouve)\\w{0,20}|no (puede|puedo|consigue|funciona|recib\\w{0,20}|llega)|bloquead[oa]s?|intent\\w{0,20}|non (riesc\\w{0,20}|pu[oò]|funziona|ricev\\w{0,20}|vedo|entro|arriva)|mai arrivat\\w{0,2}|bloccat[oaie]|provato|errore|no (veo|recibo|entro|pudieron|pueden|pudo|logran|consiguen)|nunca)\\b/u":
    [
      "cannot\tcan not\tcan't\tcant\tcouldn't\tcould not\tunable\tnot able\tno longer\twon't\twont\tdoesn't\tdoes not\tdidn't\tdidnt\tdid not\tdon't\tisn't\tis not\tnever\tstill no\tnot coming\tnot arriving\tnot received\tnot working\tnothing arrived\tnothing came\ttried\ttry\tfail\terror\tnot found\tencountered this issue\tencountered this problem\tencountered the same issue\tencountered the same problem\tencountered that issue\tencountered that problem\thave this issue\thave this problem\thave the same issue\thave the same problem\thave that issue\thave that problem\thad this issue\thad this problem\thad the same issue\thad the same problem\thad that issue\thad that problem\tget this issue\tget this problem\tget the same issue\tget the same problem\tget that issue\tget that problem\tgot this issue\tgot this problem\tgot the same issue\tgot the same problem\tgot that issue\tgot that problem\tforgot\tvergessen\toublie\tolvid\tdimenticat\tlocked\tstuck\twithout access\tlost access\tnot accepted\trejected\tdenied\tn'arrive\tne peu\timpossible\tbloque\tessaye\terreur\techoue\tnicht\tkein\tgesperrt\tfehler\tversucht\tprobiert\tne recoi\tne voi\tne trouve\tne rerecoi\tne repeu\tne revoi\tne retrouve\tpuede\tpuedo\tconsigue\tfunciona\trecib\tllega\tintent\tnon \tmai arrivat\tbloccato\tbloccata\tbloccati\tbloccate\tprovato\tno veo\tno entro\tno pudieron\tno pudo\tno logran\tnunca",
    ],
  "/\\b(log ?ins?|logged|logging|sign ?ins?|signed|signing|password|pw|passwd|account|access|credentials|user ?name|locked|verification|confirmation (code|link|e-?mail|mail)|activation (code|link|e-?mail|mail)|verificacion|verifica|verifizierung\\w{0,2}|verify|verified|bestatigung\\w{0,6}|sdm|get in|back in|i'm in|im in|entrar|ingres\\w{0,6}|entrare|accedere|reinkomm\\w{0,4}|unblock|unlock|desbloque\\w{0,4}|debloque\\w{0,4}|entsperr\\w{0,4}|sblocc\\w{0,4}|connexion|connecte\\w{0,20}|mot de passe|mdp|compte|acces|identifiant|anmeld\\w{0,20}|einlogg\\w{0,20}|passwort|kennwort|konto|zugang|zugriff|entrar|acced\\w{0,20}|contrasena|cuenta|sesion|accesso|utenza|credenziali)\\b/u":
    [
      "login\tlog in\tlogged\tlogging\tsignin\tsign in\tsigned\tpassword\tpw\tpasswd\taccount\tcredentials\tusername\tuser name\tlocked\tconfirmation code\tconfirmation link\tconfirmation email\tconfirmation e-mail\tconfirmation mail\tactivation code\tactivation link\tactivation email\tactivation e-mail\tactivation mail\tverifica\tverifizierung\tverify\tverified\tbestatigung\tsdm\tget in\tback in\ti'm in\tim in\tentrar\tingres\treinkomm\tunblock\tunlock\tdesbloque\tdebloque\tentsperr\tsblocc\tconnexion\tconnecte\tmot de passe\tmdp\tcompte\tacces\tidentifiant\tanmeld\teinlogg\tpasswort\tkennwort\tkonto\tzugang\tzugriff\tacced\tcontrasena\tcuenta\tsesion\tutenza\tcredenziali",
    ],
  "/\\b(shared|functional|technical|generic|service|team|common|device) (login|account|user|username)s?\\b|\\bno (real |actual |own )?(mailbox|inbox)\\b|\\b(never (linked|tied) to a|never had (its|an) own|without a|doesn't have a|does not have a) (mailbox|inbox|e-?mail)\\b|\\b(sans|aucune) (vraie )?(boite|adresse) (mail|e-mail|aux lettres)|\\b(que )?no tiene (buzon|correo)|\\bsenza (email|e-mail|mail)\\b|\\bnon ha (una )?(casella|email|mail)|\\b(compte|identifiant|utilisateur|login) (partage|generique|technique|fonctionnel|commun)|\\bpas de (vraie )?boite (mail|aux lettres)|\\b(gemeinsame[nrs]?|technische[nrs]?|funktionale[nrs]?|sammel)-? ?(login|konto|account|benutzer|zugang)|\\bkein (eigenes |echtes )?postfach|\\b(cuenta|usuario|login) (compartid[oa]|generic[oa]|tecnic[oa])|\\bsin (buzon|correo) (propio|real)|\\b(utenza|account|utente|login) (condivis[oa]|generic[oa]|tecnic[oa])|\\bsenza (casella|mailbox)/u":
    [
      "shared login\tshared account\tshared user\tfunctional login\tfunctional account\tfunctional user\ttechnical login\ttechnical account\ttechnical user\tgeneric login\tgeneric account\tgeneric user\tservice login\tservice account\tservice user\tteam login\tteam account\tteam user\tcommon login\tcommon account\tcommon user\tdevice login\tdevice account\tdevice user\tno mailbox\tno inbox\tno real mailbox\tno real inbox\tno actual mailbox\tno actual inbox\tno own mailbox\tno own inbox\tnever linked to a mailbox\tnever linked to a inbox\tnever linked to a email\tnever linked to a e-mail\tnever tied to a mailbox\tnever tied to a inbox\tnever tied to a email\tnever tied to a e-mail\tnever had its own mailbox\tnever had its own inbox\tnever had its own email\tnever had its own e-mail\tnever had an own mailbox\tnever had an own inbox\tnever had an own email\tnever had an own e-mail\twithout a mailbox\twithout a inbox\twithout a email\twithout a e-mail\tdoesn't have a mailbox\tdoesn't have a inbox\tdoesn't have a email\tdoesn't have a e-mail\tdoes not have a mailbox\tdoes not have a inbox\tdoes not have a email\tdoes not have a e-mail\tsans boite mail\tsans boite e-mail\tsans boite aux lettres\tsans adresse mail\tsans adresse e-mail\tsans adresse aux lettres\tsans vraie boite mail\tsans vraie boite e-mail\tsans vraie boite aux lettres\tsans vraie adresse mail\tsans vraie adresse e-mail\tsans vraie adresse aux lettres\taucune boite mail\taucune boite e-mail\taucune boite aux lettres\taucune adresse mail\taucune adresse e-mail\taucune adresse aux lettres\taucune vraie boite mail\taucune vraie boite e-mail\taucune vraie boite aux lettres\taucune vraie adresse mail\taucune vraie adresse e-mail\taucune vraie adresse aux lettres\tno tiene buzon\tno tiene correo\tsenza email\tsenza e-mail\tsenza mail\tnon ha casella\tnon ha email\tnon ha mail\tnon ha una casella\tnon ha una email\tnon ha una mail\tcompte partage\tcompte generique\tcompte technique\tcompte fonctionnel\tcompte commun\tidentifiant partage\tidentifiant generique\tidentifiant technique\tidentifiant fonctionnel\tidentifiant commun\tutilisateur partage\tutilisateur generique\tutilisateur technique\tutilisateur fonctionnel\tutilisateur commun\tlogin partage\tlogin generique\tlogin technique\tlogin fonctionnel\tlogin commun\tpas de boite mail\tpas de boite aux lettres\tpas de vraie boite mail\tpas de vraie boite aux lettres\tgemeinsame\ttechnische\tfunktionale\tsammel\tkein postfach\tkein eigenes postfach\tkein echtes postfach\tcuenta compartido\tcuenta compartida\tcuenta generico\tcuenta generica\tcuenta tecnico\tcuenta tecnica\tusuario compartido\tusuario compartida\tusuario generico\tusuario generica\tusuario tecnico\tusuario tecnica\tlogin compartido\tlogin compartida\tlogin generico\tlogin generica\tlogin tecnico\tlogin tecnica\tsin buzon propio\tsin buzon real\tsin correo propio\tsin correo real\tutenza condiviso\tutenza condivisa\tutenza generico\tutenza generica\tutenza tecnico\tutenza tecnica\taccount condiviso\taccount condivisa\taccount generico\taccount generica\taccount tecnico\taccount tecnica\tutente condiviso\tutente condivisa\tutente generico\tutente generica\tutente tecnico\tutente tecnica\tlogin condiviso\tlogin condivisa\tsenza casella",
    ],
  "/\\b(i'?m the one who uses it|i am the one who uses it|only i use it|i (have )?(signed|sign|logged|log) in (\\w{1,20} ){0,3}with the login|j'utilise l'identifiant|je me connecte avec l'identifiant|ich melde mich (\\w{1,20} ){0,2}mit dem (login|zugang|benutzer)|uso (el|la) (usuario|cuenta)|entro con (l'utente|l'utenza))\\b/u":
    [
      "im the one who uses it\ti'm the one who uses it\ti am the one who uses it\tonly i use it\twith the login\tj'utilise l'identifiant\tje me connecte avec l'identifiant\tich melde mich \tuso el usuario\tuso el cuenta\tuso la usuario\tuso la cuenta\tentro con l'utente\tentro con l'utenza",
    ],
  '/\\b(this|our|the) (shared |team |functional )?(mailbox|inbox|address)\\b|\\b(cette|notre) (adresse|boite)|\\b(diese[rs]?|unser\\w{0,2}) (adresse|postfach|teampostfach|funktionspostfach)\\b|\\b(este|nuestro) buzon|\\besta (misma )?direccion|\\b(questa|nostra) casella|\\bquesto indirizzo/u':
    [
      'this mailbox\tthis inbox\tthis address\tthis shared mailbox\tthis shared inbox\tthis shared address\tthis team mailbox\tthis team inbox\tthis team address\tthis functional mailbox\tthis functional inbox\tthis functional address\tour mailbox\tour inbox\tour address\tour shared mailbox\tour shared inbox\tour shared address\tour team mailbox\tour team inbox\tour team address\tour functional mailbox\tour functional inbox\tour functional address\tthe mailbox\tthe inbox\tthe address\tthe shared mailbox\tthe shared inbox\tthe shared address\tthe team mailbox\tthe team inbox\tthe team address\tthe functional mailbox\tthe functional inbox\tthe functional address\tcette boite\tnotre boite\t adresse\t postfach\t teampostfach\t funktionspostfach\teste buzon\tnuestro buzon\testa direccion\testa misma direccion\tquesta casella\tnostra casella\tquesto indirizzo',
    ],
  '/\\b(login|account|user|compte|identifiant|konto|zugang|benutzer|cuenta|usuario|utenza|account)\\b[^.\\n]{0,50}\\b(this|cette|diese[rm]?|esta|questa|questo) (same |meme |misma |stessa )?(address|mailbox|inbox|adresse|boite|postfach|direccion|buzon|casella|indirizzo)\\b/u':
    [
      'address\tmailbox\tinbox\tadresse\tboite\tpostfach\tdireccion\tbuzon\tcasella\tindirizzo',
      'login\taccount\tuser\tcompte\tidentifiant\tkonto\tzugang\tbenutzer\tcuenta\tusuario\tutenza',
      'this\tcette\tdiese\testa\tquesto',
    ],
  '/\\b(401|403|token|oauth|client (id|secret)|invalid credentials|api (connection|user|call|request)s?|rest api|connector|connecteur|konnektor|connettore|conector|sync|synchro\\w{0,10}|schnittstelle|middleware)\\b/u':
    [
      '401\t403\ttoken\toauth\tclient id\tclient secret\tinvalid credentials\tapi connection\tapi user\tapi call\tapi request\trest api\tconnector\tconnecteur\tkonnektor\tconnettore\tconector\tsync\tschnittstelle\tmiddleware',
    ],
  '/\\b(my|our|mon|ma|mes|notre|nos|mein\\w{0,3}|unser\\w{0,3}|mi|mis|nuestr[oa]s?|mio|mia|miei|mie|nostr[oaie])\\b[^.\\n]{0,40}\\b(exports?|imports?|sync\\w{0,8}|synchro\\w{0,10}|connectors?|connecteurs?|konnektor\\w{0,2}|connettor[ei]|conector\\w{0,2}|connections?|verbindung|conexion|connessione|integrations?|integracion|integrazione|schnittstelle|api|middleware|erp|jobs?|feeds?|flux|channels?|canal|kanal|canale|exportacion\\w{0,2}|exportation|esportazion[ei]|importazion[ei]|importacion\\w{0,2}|notifications?|benachrichtigung\\w{0,2}|notifiche|notificaciones|workflow)\\b/u':
    [
      'export\timport\tsync\tconnector\tconnecteur\tkonnektor\tconnettore\tconnettori\tconector\tconnection\tverbindung\tconexion\tconnessione\tintegration\tintegracion\tintegrazione\tschnittstelle\tapi\tmiddleware\terp\tjob\tfeed\tflux\tchannel\tcanal\tkanal\tesportazione\tesportazioni\tnotification\tbenachrichtigung\tnotifiche\tnotificaciones\tworkflow',
      'my\tour\tmon\tma\tmes\tnotre\tnos\tmein\tunser\tmi\tnuestro\tnuestra',
    ],
  '/\\b(empty|vides?|vacias?|vuot[oaie]|leer|wrong|falsch\\w{0,3}|incorrect\\w{0,3}|errone\\w{0,3}|slow|lente?|langsam|lento|stuck|missing|ignored|ignores|ignoriert|broken|kaputt|casse|roto|rotto|stopped|timeout|hangs?|plante|bloque\\w{0,2}|blocc\\w{0,4}|401|403|429|too many requests|unauthori[sz]ed|invalid_grant|invalid_client|invalid (token|grant|client)|(token|jeton) (invalid\\w{0,2}|expired|expire|abgelaufen|ungultig|caducado|scaduto|non valido|no valido))\\b/u':
    [
      'empty\tvide\tvacia\tvuoto\tvuota\tvuoti\tvuote\tleer\twrong\tfalsch\tincorrect\terrone\tslow\tlent\tlangsam\tstuck\tmissing\tignored\tignores\tignoriert\tbroken\tkaputt\tcasse\troto\trotto\tstopped\ttimeout\thang\tplante\tbloque\tblocc\t401\t403\t429\ttoo many requests\tunauthorised\tunauthorized\tinvalid_grant\tinvalid_client\tinvalid token\tinvalid grant\tinvalid client\ttoken \tjeton ',
    ],
  "/\\bi (am|was|have|had|can|can't|cannot|could|couldn't|do|don't|did|didn't|get|got|tried|try|still|just|never|also|already|only|see|saw|use|used|log|logged|sign|signed|click|clicked|open|opened|receive|received|want|need|needed|started|went|entered|typed|reset|changed|keep|kept|will|would|should|must)\\b|\\b(i'm|i've|i'd|ive|me|myself)\\b|\\b(je|j'\\w{1,20}|moi|m'a|m'ont)\\b|\\b(ich|mich|mir)\\b|\\b(yo|puedo|intente|recibi|estoy|tengo|veo|recibo|entro|consigo)\\b|\\b(io|riesco|posso|vedo|ricevo)\\b|\\bho \\p{L}{2,16}(ato|uto|ito)\\b/u":
    [
      "i am\ti was\ti have\ti had\ti can\ti could\ti do\ti did\ti get\ti got\ti tried\ti try\ti still\ti just\ti never\ti also\ti already\ti only\ti see\ti saw\ti use\ti log\ti sign\ti click\ti open\ti want\ti need\ti started\ti went\ti entered\ti typed\ti reset\ti changed\ti keep\ti kept\ti will\ti would\ti should\ti must\ti'm\ti've\ti'd\tive\tme\tmyself\tje\tj'\tmoi\tm'a\tm'ont\tich\tmir\tyo\tpuedo\tintente\trecibi\testoy\ttengo\tveo\trecibo\tentro\tconsigo\tio\triesco\tposso\tvedo\tricevo\tho ",
    ],
  '/\\b(we|our|ours|us|nous|notre|nos|wir|unser\\w{0,20}|uns|nosotros|nuestr\\w{1,20}|noi|nostr\\w)\\b/u': [
    'we\tour\tus\tnotre\tnos\twir\tuns\tnuestr\tnoi',
  ],
  "/\\b(the|a) user\\b|\\b(l'|un )utilisat(eur|rice)\\b|\\b(der|ein) (benutzer|nutzer|user)\\b|\\b(el|un) usuario\\b|\\b(l'|un )utente\\b/u":
    [
      "the user\ta user\tl'utilisateur\tl'utilisatrice\tun utilisateur\tun utilisatrice\tder benutzer\tder nutzer\tder user\tein benutzer\tein nutzer\tein user\tel usuario\tun usuario\tl'utente\tun utente",
    ],
  "/\\b(don't know|dont know|do not know|not sure|no idea|i think|je ne sais|je pense|weiss nicht|keine ahnung|ich glaube|no se|no tengo idea|creo que|non so|non ho idea|penso che)\\b/u":
    [
      "don't know\tdont know\tdo not know\tnot sure\tno idea\ti think\tje ne sais\tje pense\tweiss nicht\tkeine ahnung\tich glaube\tno se\tno tengo idea\tcreo que\tnon so\tnon ho idea\tpenso che",
    ],
  '/\\b(for (everyone|everybody|all (of )?us|all (our )?users)|everyone in the (company|team|office)|(the )?whole (company|team)|pour tout le monde|pour tous (nos|les) utilisateurs|fur alle|bei allen( benutzern| kollegen)?|para todos|a todos (los usuarios)?|per tutti|a tutti (gli utenti)?)\\b/u':
    [
      'for everyone\tfor everybody\tfor all us\tfor all of us\tfor all our users\teveryone in the company\teveryone in the team\teveryone in the office\twhole company\twhole team\tpour tout le monde\tpour tous nos utilisateurs\tpour tous les utilisateurs\tfur alle\tbei allen\tpara todos\ta todos \tper tutti\ta tutti ',
    ],
  '/\\b(50\\d|404|down|crawl\\w{0,4}|unavailable|indisponible|nicht erreichbar|no disponible|non disponibile|slow|lent|langsam|lento|broken|casse|kaputt|roto|rotto)\\b/u':
    [
      '50\t404\tdown\tcrawl\tunavailable\tindisponible\tnicht erreichbar\tno disponible\tnon disponibile\tslow\tlent\tlangsam\tbroken\tcasse\tkaputt\troto\trotto',
    ],
};
